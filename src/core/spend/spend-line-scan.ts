// Reads the spend a ledger line holds without building its record: one regular expression over a
// format-2 line as Switchboard writes it (printable ASCII, no escapes, no spaces). Any other line (one
// with escapes or non-ASCII text, format 1, torn, edited) is left to parseLedgerLine, so this only
// speeds up what that parser would read the same way. A summary of millions of records spends its time
// here (a cold rollup reads every line).

// A JSON string with nothing to unescape: printable ASCII apart from the quote and the backslash.
const PLAIN = String.raw`"[\x20\x21\x23-\x5b\x5d-\x7e]*"`;
const PLAIN_CAPTURED = String.raw`"([\x20\x21\x23-\x5b\x5d-\x7e]*)"`;
// A plain JSON string whose first ten characters are captured (a time's UTC day).
const DAY_CAPTURED = String.raw`"([\x20\x21\x23-\x5b\x5d-\x7e]{0,10})[\x20\x21\x23-\x5b\x5d-\x7e]*"`;
// A JSON number that is always finite (no exponent, at most 301 digits before the point).
const FINITE = String.raw`-?(?:0|[1-9]\d{0,300})(?:\.\d+)?`;
// Any JSON number (the caller checks that it is finite, as the record parser does).
const NUMBER = String.raw`(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)`;

/**
 * The columns of format 2 (see ledger-record.ts), in order: format, time (its day captured), requestId, attempt, then
 * project, feature, provider and model as one captured span (the cell they name), routingReason, outcome,
 * status, the three token counts and the cost, priceSource, ttftMs, durationMs, the optional extras
 * object and the hash. Sticky: it matches the line that starts where it is told, to its newline.
 */
const FORMAT_2_LINE = new RegExp(
  String.raw`\[2,${DAY_CAPTURED},${PLAIN_CAPTURED},${FINITE},((?:null|${PLAIN}),${PLAIN},${PLAIN},${PLAIN}),${PLAIN},${PLAIN},(?:null|${FINITE}),${NUMBER},${NUMBER},${NUMBER},${NUMBER},${PLAIN},(?:null|${FINITE}),${FINITE},(?:(\{[\x20-\x7e]*\}),)?${PLAIN_CAPTURED}\]\n`,
  "y",
);

/** What a summary needs of one line. Reused from line to line: copy what you keep. */
export interface ScannedSpend {
  /** The time's first ten characters: its UTC day. */
  day: string;
  requestId: string;
  /** project, feature, provider and model as the line spells them (JSON), naming the cell. */
  cellText: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  /** The opt-in extras (caller, session, costSource...), when the line has them. */
  extras: Record<string, unknown> | undefined;
  hash: string;
}

/**
 * Reads the line of `text` that starts at `start`, if it is a plain format-2 line; returns where the
 * next line starts, or -1 when the line must go to the full parser (or is not complete yet).
 */
export function scanSpendLine(text: string, start: number, into: ScannedSpend): number {
  FORMAT_2_LINE.lastIndex = start;
  const match = FORMAT_2_LINE.exec(text);
  if (match === null) return -1;
  const inputTokens = numberOf(match[4]!);
  const outputTokens = numberOf(match[5]!);
  const cachedInputTokens = numberOf(match[6]!);
  const costUsd = +match[7]!;
  if (!Number.isFinite(inputTokens + outputTokens + cachedInputTokens + costUsd)) return -1;
  let extras: Record<string, unknown> | undefined;
  if (match[8] !== undefined) {
    const parsed = parseObject(match[8]);
    if (parsed === undefined) return -1;
    extras = parsed;
  }
  into.day = match[1]!;
  into.requestId = match[2]!;
  into.cellText = match[3]!;
  into.inputTokens = inputTokens;
  into.outputTokens = outputTokens;
  into.cachedInputTokens = cachedInputTokens;
  into.costUsd = costUsd;
  into.extras = extras;
  into.hash = match[9]!;
  return FORMAT_2_LINE.lastIndex;
}

/** A JSON number's value: token counts (whole numbers) digit by digit, faster than converting the text; anything else as JSON reads it. */
function numberOf(text: string): number {
  if (text.length > 15) return +text;
  let value = 0;
  for (let at = 0; at < text.length; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return +text;
    value = value * 10 + digit;
  }
  return value;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** project, feature, provider and model from a scanned line's cell text. */
export function cellFields(cellText: string): { project: string | null; feature: string; provider: string; model: string } {
  const [project, feature, provider, model] = JSON.parse(`[${cellText}]`) as [string | null, string, string, string];
  return { project, feature, provider, model };
}

/** A copy of a string that shares nothing with the (large) string it was cut from, so that one can go. */
export function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

export function emptyScan(): ScannedSpend {
  return { day: "", requestId: "", cellText: "", inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, extras: undefined, hash: "" };
}
