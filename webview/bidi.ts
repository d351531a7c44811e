// Unicode bidirectional control characters, shown instead of applied: live, they make text read in
// another order than it is stored ("Trojan source"). Model output, tool arguments and prompts all pass
// through here before they are shown.

/** One control character. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** Splits text around each control, keeping the controls as their own parts. */
const AROUND_BIDI_CONTROLS = /([\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C])/;

export type TextPart = { text: string } | { control: string; label: string };

/** The text in parts: plain runs, and each control with its visible label ("[U+202E]"). */
export function splitBidiControls(text: string): TextPart[] {
  if (!BIDI_CONTROL.test(text)) return [{ text }];
  return text
    .split(AROUND_BIDI_CONTROLS)
    .filter((part) => part !== "")
    .map((part) =>
      part.length === 1 && BIDI_CONTROL.test(part) ? { control: part, label: `[U+${part.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]` } : { text: part },
    );
}

export const BIDI_TITLE = "A Unicode bidirectional control character, shown instead of applied";
