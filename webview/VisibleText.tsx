// Plain text (reasoning, tool arguments, the sent prompt) with any bidi control shown as a marker.
import { BIDI_TITLE, splitBidiControls } from "./bidi";

export function VisibleText(props: { text: string }) {
  return (
    <>
      {splitBidiControls(props.text).map((part, index) =>
        "control" in part ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <span className="bidi-control" title={BIDI_TITLE} key={index}>
            {part.label}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
