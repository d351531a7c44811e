// The playground: a shared prompt, one column per model, and the cost of it all.
import { useEffect, useReducer, useState } from "react";
import { formatUsd } from "../src/core/spend/cost";
import { describeProtocolError, hostMessageSchema } from "../src/protocol";
import { Column } from "./Column";
import { initialPlaygroundState, reducePlayground } from "./playground-state";
import { Button, Select, TextArea } from "./ui";
import { loadViewState, postToHost, saveViewState } from "./vscode-api";

const MAX_COLUMNS = 6;

export function App() {
  const [state, dispatch] = useReducer(reducePlayground, initialPlaygroundState);
  const saved = loadViewState();
  const [prompt, setPrompt] = useState(saved.prompt ?? "");
  const [models, setModels] = useState<string[]>(saved.models ?? []);
  const [protocolError, setProtocolError] = useState<string | null>(null);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const parsed = hostMessageSchema.safeParse(event.data);
      if (parsed.success) dispatch(parsed.data);
      else setProtocolError(`Ignored a message from the extension (${describeProtocolError(parsed.error)}).`);
    };
    window.addEventListener("message", onMessage);
    postToHost({ type: "ready" });
    return () => window.removeEventListener("message", onMessage);
  }, []);

  // The host's draft prompt (e.g. from "Compare Models on Selection") and defaults fill an empty view.
  useEffect(() => {
    if (state.initialPrompt) setPrompt((current) => (current === "" ? (state.initialPrompt ?? "") : current));
    if (state.defaultModels.length > 0) setModels((current) => (current.length > 0 ? current : state.defaultModels));
  }, [state.initialPrompt, state.defaultModels]);

  useEffect(() => saveViewState({ prompt, models }), [prompt, models]);

  const modelOptions = state.models.map((model) => ({
    value: model.id,
    label: `${model.displayName} · $${model.inputPrice}/$${model.outputPrice} per 1M`,
  }));
  const running = state.columns.some((column) => column.status === "waiting" || column.status === "streaming");
  const comparisonCost = state.columns.reduce((sum, column) => sum + column.stats.costUsd, 0);
  const send = () => {
    if (prompt.trim() !== "" && models.length > 0) postToHost({ type: "run", prompt, models });
  };

  return (
    <main className="playground">
      <div className="prompt-row">
        <TextArea
          label="Prompt"
          testId="prompt"
          value={prompt}
          placeholder="Ask every selected model the same thing… (Ctrl+Enter to send)"
          onChange={setPrompt}
          onSubmit={send}
        />
        <div className="prompt-actions">
          <Button testId="send" onClick={send} disabled={prompt.trim() === "" || models.length === 0}>
            Send to {models.length} model{models.length === 1 ? "" : "s"}
          </Button>
          {running && (
            <Button secondary testId="stop-all" onClick={() => postToHost({ type: "stop" })}>
              Stop all
            </Button>
          )}
          {!running && state.columns.length > 0 && (
            <Button secondary testId="clear" onClick={() => postToHost({ type: "clear" })}>
              Clear
            </Button>
          )}
        </div>
      </div>
      <fieldset className="model-row" aria-label="Models to compare">
        {models.map((modelId, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: slots are positional and the same model may fill two
          <div className="model-slot" key={`${index}-${modelId}`}>
            <Select
              label={`Model ${index + 1}`}
              testId={`model-${index + 1}`}
              value={modelId}
              options={modelOptions}
              onChange={(value) => setModels(models.map((current, i) => (i === index ? value : current)))}
            />
            {models.length > 1 && (
              <Button icon title={`Remove model ${index + 1}`} onClick={() => setModels(models.filter((_, i) => i !== index))}>
                ✕
              </Button>
            )}
          </div>
        ))}
        {models.length < MAX_COLUMNS && state.models.length > 0 && (
          <Button secondary testId="add-model" onClick={() => setModels([...models, state.models[0]!.id])}>
            Add model
          </Button>
        )}
      </fieldset>
      {state.attachment && (
        <details className="attachment" data-testid="attachment">
          <summary>
            Attached: {state.attachment.fileName} · {state.attachment.languageId} · lines {state.attachment.startLine}–{state.attachment.endLine}
          </summary>
          <pre>
            <code>{state.attachment.code}</code>
          </pre>
        </details>
      )}
      {(state.hostError ?? protocolError) && (
        <div className="host-error" role="alert">
          {state.hostError ?? protocolError}
        </div>
      )}
      <div className="columns" data-testid="columns">
        {state.columns.map((column) => (
          <Column
            key={column.columnId}
            column={column}
            model={state.models.find((model) => model.id === column.modelId)}
            onStop={() => postToHost({ type: "stop", columnId: column.columnId })}
          />
        ))}
      </div>
      {/* Announces column status changes (not every token) to screen readers. */}
      <div className="visually-hidden" aria-live="polite" data-testid="announcer">
        {state.columns.map((column) => `${state.models.find((m) => m.id === column.modelId)?.displayName ?? column.modelId}: ${column.status}.`).join(" ")}
      </div>
      <footer className="totals" data-testid="totals">
        <span>
          This comparison: <strong data-testid="comparison-cost">{formatUsd(comparisonCost)}</strong>
        </span>
        <span>
          Session: <strong data-testid="session-cost">{formatUsd(state.sessionCostUsd)}</strong>
        </span>
      </footer>
    </main>
  );
}
