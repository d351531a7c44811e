// The naive baseline for the webview benchmark: four columns that re-render each whole answer's
// Markdown on every delta, with the same libraries as the playground (marked, highlight.js, DOMPurify
// through renderMarkdown) and React. Bundled by bench/webview-render.ts; not shipped.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { renderMarkdown } from "../webview/markdown/render-markdown";

interface Delta {
  type: "column-delta";
  columnId: string;
  text: string;
}

function NaivePlayground() {
  const [texts, setTexts] = useState<Record<string, string>>({});
  useEffect(() => {
    const onMessage = (event: MessageEvent<Delta>) => {
      const { data } = event;
      if (data?.type === "column-delta") setTexts((old) => ({ ...old, [data.columnId]: (old[data.columnId] ?? "") + data.text }));
    };
    window.addEventListener("message", onMessage);
    window.acquireVsCodeApi().postMessage({ type: "ready" });
    return () => window.removeEventListener("message", onMessage);
  }, []);
  return (
    <div style={{ display: "grid", gridTemplateColumns: "repeat(4, 1fr)", gap: 8 }}>
      {Object.entries(texts).map(([id, text]) => (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown, as in the playground
        <div key={id} className="answer" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />
      ))}
    </div>
  );
}

declare global {
  interface Window {
    acquireVsCodeApi(): { postMessage(message: unknown): void };
  }
}

createRoot(document.getElementById("root")!).render(<NaivePlayground />);
