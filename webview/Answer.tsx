// A streamed answer as Markdown: finished blocks render once (memoised); only the open block re-renders.
// Clicks on links and code buttons are delegated to the host through the protocol.
import { memo, useMemo } from "react";
import { renderMarkdown } from "./markdown/render-markdown";
import { splitMarkdownBlocks } from "./markdown/split-blocks";
import { postToHost } from "./vscode-api";

const Block = memo(function Block(props: { markdown: string }) {
  // Sanitised by renderMarkdown (DOMPurify); raw HTML in model output is shown as text.
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML is sanitised right above
  return <div className="md-block" dangerouslySetInnerHTML={{ __html: renderMarkdown(props.markdown) }} />;
});

export function Answer(props: { text: string; columnId: string }) {
  const blocks = useMemo(() => splitMarkdownBlocks(props.text), [props.text]);
  const openLink = (target: HTMLElement): boolean => {
    const link = target.closest("a");
    if (!link) return false;
    const href = link.getAttribute("data-href");
    if (href) postToHost({ type: "open-link", href });
    return true;
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Enter" && openLink(event.target as HTMLElement)) event.preventDefault();
  };
  const onClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (openLink(target)) {
      event.preventDefault();
      return;
    }
    const button = target.closest<HTMLElement>("[data-action]");
    const action = button?.dataset.action;
    if (action === "copy" || action === "insert" || action === "apply") {
      const code = button?.closest(".code-block")?.querySelector("code")?.textContent ?? "";
      postToHost({ type: "code-action", action, code, columnId: props.columnId });
    }
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegation container, see above
    <div className="answer" data-testid="answer" onClick={onClick} onKeyDown={onKeyDown}>
      {blocks.done.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks are append-only; index is their identity
        <Block key={index} markdown={block} />
      ))}
      {blocks.open !== "" && <Block markdown={blocks.open} />}
    </div>
  );
}
