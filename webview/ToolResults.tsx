// Answering a column's tool calls by hand: one result per call, then the column goes on with them, so
// multi-step tool use can be tried in the playground without writing the tools.
import { useState } from "react";
import { Button, TextArea } from "./ui";
import { postToHost } from "./vscode-api";

export function ToolResults(props: { columnId: string; calls: ReadonlyArray<{ id: string; name: string }> }) {
  const [results, setResults] = useState<Record<string, string>>({});
  const ready = props.calls.every((call) => (results[call.id] ?? "").trim() !== "");
  const send = () => {
    if (!ready) return;
    postToHost({ type: "tool-results", columnId: props.columnId, results: props.calls.map((call) => ({ callId: call.id, content: results[call.id]! })) });
    setResults({});
  };
  return (
    <div className="tool-results" data-testid="tool-results">
      {props.calls.map((call) => (
        <TextArea
          key={call.id}
          label={`Result of ${call.name}`}
          testId={`tool-result-${call.id}`}
          value={results[call.id] ?? ""}
          placeholder='What the tool returned, e.g. {"temperature": 18}'
          onChange={(value) => setResults({ ...results, [call.id]: value })}
          onSubmit={send}
        />
      ))}
      <Button secondary testId="send-tool-results" disabled={!ready} title="The column goes on with these results (Ctrl+Enter)" onClick={send}>
        {props.calls.length === 1 ? "Send result" : "Send results"}
      </Button>
    </div>
  );
}
