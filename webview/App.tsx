// The playground: a shared prompt, one column per model, and the cost of it all.
import { startTransition, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { formatUsd } from "../src/common/format-usd";
import { describeProtocolError, type HostMessage, protocolSchemas } from "../src/protocol";
import { Column } from "./Column";
import { VisibleText } from "./VisibleText";
import { initialPlaygroundState, reducePlayground } from "./playground-state";
import { Button, Checkbox, Disclosure, NumberField, TextArea } from "./ui";
import { ModelPicker } from "./ui/ModelPicker";
import { createMessageBatcher } from "./message-batcher";
import { loadViewState, postToHost, saveViewState } from "./vscode-api";
import { ImageAttachments, type RequestOptionsValue, ToolsAndOutput } from "./RequestOptions";
import { MAX_IMAGES, parseResponseFormat, parseTools, readImage } from "./request-options";

const MAX_COLUMNS = 6;

/** Every message from the host is checked: the schema is built as the page loads, not on the first one. */
const { hostMessageSchema } = protocolSchemas();

interface ColumnParams {
  temperature?: number;
  maxOutputTokens?: number;
}

/** A random display order, so column position does not give a model away in blind mode. */
function shuffled(length: number): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function App() {
  const [state, dispatch] = useReducer(reducePlayground, initialPlaygroundState);
  // Read once: the saved view only seeds the initial state.
  const [saved] = useState(loadViewState);
  const [prompt, setPrompt] = useState(saved.prompt ?? "");
  const [models, setModels] = useState<string[]>(saved.models ?? []);
  const [protocolError, setProtocolError] = useState<string | null>(null);
  const [system, setSystem] = useState(saved.system ?? "");
  const [params, setParams] = useState<ColumnParams[]>(saved.params ?? []);
  const [blind, setBlind] = useState(saved.blind ?? false);
  /** Blind mode: the shuffled display order of the current comparison, and whether the vote revealed it. */
  const [order, setOrder] = useState<number[]>(saved.order ?? []);
  const [orderFor, setOrderFor] = useState<number | null>(saved.comparison ?? null);
  /** The comparison on show ran blind (blind mode was on when it arrived): it keeps its letters and order after the vote. */
  const [ranBlind, setRanBlind] = useState(saved.ranBlind ?? false);
  /** The column the vote picked; null until the vote. */
  const [picked, setPicked] = useState<string | null>(saved.picked ?? null);
  const voted = picked !== null;
  // Images are not kept in the saved view state (up to 4 × 5 MB): they stay until sent or removed.
  const [images, setImages] = useState<string[]>([]);
  const [imageProblem, setImageProblem] = useState<string | null>(null);
  /** The images the last Send carried, shown with the prompt above the answers (kept in memory only). */
  const sentImages = useRef<string[]>([]);
  const [askedImages, setAskedImages] = useState<string[]>([]);
  const [options, setOptions] = useState<Omit<RequestOptionsValue, "images">>({ toolsText: saved.toolsText ?? "", json: saved.json ?? false, schemaText: saved.schemaText ?? "" });
  const tools = useMemo(() => parseTools(options.toolsText), [options.toolsText]);
  const responseFormat = useMemo(() => parseResponseFormat(options.json, options.schemaText), [options.json, options.schemaText]);
  const addImages = async (files: File[]) => {
    const wanted = files.slice(0, Math.max(0, MAX_IMAGES - images.length));
    const read = await Promise.all(wanted.map(readImage));
    const problem = read.find((result) => !result.ok);
    setImageProblem(problem && !problem.ok ? problem.message : files.length > wanted.length ? `At most ${MAX_IMAGES} images per prompt` : null);
    const urls = read.flatMap((result) => (result.ok ? [result.value] : []));
    if (urls.length > 0) setImages((current) => [...current, ...urls].slice(0, MAX_IMAGES));
  };

  useEffect(() => {
    // Dispatches made together render once (React batches them). Streamed text alone renders as a
    // transition: React renders it column by column, yielding to input and paint in between, instead of
    // holding the page for all four columns' Markdown at once.
    const batcher = createMessageBatcher<HostMessage>((messages) => {
      const applyAll = () => {
        for (const message of messages) dispatch(message);
      };
      if (messages.every((message) => message.type === "column-delta")) startTransition(applyAll);
      else applyAll();
    });
    const onMessage = (event: MessageEvent) => {
      const parsed = hostMessageSchema.safeParse(event.data);
      if (parsed.success) batcher.push(parsed.data);
      else setProtocolError(`Ignored a message from the extension (${describeProtocolError(parsed.error)}).`);
    };
    window.addEventListener("message", onMessage);
    postToHost({ type: "ready" });
    return () => {
      window.removeEventListener("message", onMessage);
      batcher.dispose();
    };
  }, []);

  // The host's draft prompt (e.g. from "Compare Models on Selection") and defaults fill an empty view.
  useEffect(() => {
    if (state.initialPrompt) setPrompt((current) => (current === "" ? (state.initialPrompt ?? "") : current));
    if (state.defaultModels.length > 0) setModels((current) => (current.length > 0 ? current : state.defaultModels));
  }, [state.initialPrompt, state.defaultModels]);

  // Every new comparison, whoever started it (Send, Compare on Selection, a follow-up), gets a new
  // display order and a new vote.
  useEffect(() => {
    if (state.comparison === null || state.comparison === orderFor) return;
    setOrderFor(state.comparison);
    setOrder(shuffled(state.columns.length));
    setRanBlind(blind);
    setPicked(null);
    // The prompt was sent (from here or from the editor): the box is ready for the next one.
    setPrompt("");
    setAskedImages(sentImages.current);
    sentImages.current = [];
  }, [state.comparison, state.columns.length, orderFor, blind]);

  // The pickers' models are what Compare Models on Selection runs.
  useEffect(() => {
    if (models.length > 0) postToHost({ type: "models-chosen", models });
  }, [models]);

  // After a restart of the extension host (Reload Window) the host has no comparison: hand back the
  // finished one this view kept, so its answers (they cost money) stay and a follow-up continues them.
  const restoreChecked = useRef(false);
  useEffect(() => {
    if (restoreChecked.current || state.comparison === null) return;
    restoreChecked.current = true;
    const kept = saved.conversation;
    if (state.columns.length === 0 && kept && kept.columns.length > 0) postToHost({ type: "restore", comparison: kept.comparison, columns: kept.columns });
  }, [state.comparison, state.columns.length, saved]);
  const running = state.columns.some((column) => column.status === "waiting" || column.status === "streaming");
  // The last finished turn is kept (a restored turn is a finished one): while the next one streams, and
  // until the host has said what it has, the one before stays; New conversation forgets it.
  const keptConversation = useRef(saved.conversation ?? null);
  const conversation = useMemo(() => {
    if (state.comparison === null || running) return keptConversation.current;
    keptConversation.current = state.columns.length === 0 ? null : { comparison: state.comparison, columns: state.columns };
    return keptConversation.current;
  }, [running, state.columns, state.comparison]);

  useEffect(
    () => saveViewState({ prompt, models, system, params, blind, order, comparison: orderFor, ranBlind, picked, conversation, ...options }),
    [prompt, models, system, params, blind, order, orderFor, ranBlind, picked, conversation, options],
  );

  const comparisonCost = state.columns.reduce((sum, column) => sum + column.stats.costUsd, 0);
  const finished = state.columns.length > 0 && !running;
  // After a comparison of the same models, the next prompt continues each column's conversation.
  const followUp = finished && state.columns.length === models.length && state.columns.every((column, i) => column.modelId === models[i]);
  // With images attached, only models whose catalog entry accepts images may run.
  const noImages = images.length > 0 ? models.filter((id) => !state.models.find((model) => model.id === id)?.imageInput) : [];
  const blocked = prompt.trim() === "" || models.length === 0 || noImages.length > 0 || !tools.ok || !responseFormat.ok;
  const send = () => {
    if (blocked || !tools.ok || !responseFormat.ok) return;
    postToHost({
      type: "run",
      prompt,
      models,
      ...(system ? { system } : {}),
      params: models.map((_, i) => params[i] ?? {}),
      followUp,
      ...(images.length > 0 ? { images } : {}),
      ...(tools.value.length > 0 ? { tools: tools.value } : {}),
      ...(responseFormat.value ? { responseFormat: responseFormat.value } : {}),
    });
    sentImages.current = images;
    setImages([]);
    setImageProblem(null);
  };
  const hidden = blind && !voted && state.columns.length > 0;
  // A blind comparison keeps its shuffled order and letters after the vote, so the reveal reads "Model A = …".
  const lettered = (hidden || (ranBlind && voted)) && order.length === state.columns.length;
  const shown = lettered ? order.map((i) => state.columns[i]!) : state.columns;
  const letter = (position: number) => `Model ${String.fromCharCode(65 + position)}`;
  const setParam = (index: number, change: Partial<ColumnParams>) =>
    setParams(models.map((_, i) => (i === index ? { ...params[i], ...change } : (params[i] ?? {}))));

  return (
    <main
      className="playground"
      onPaste={(event) => {
        const files = [...event.clipboardData.files].filter((file) => file.type.startsWith("image/"));
        if (files.length === 0) return;
        event.preventDefault();
        void addImages(files);
      }}
    >
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
          <Button testId="send" onClick={send} disabled={blocked}>
            {followUp ? "Send follow-up" : `Send to ${models.length} model${models.length === 1 ? "" : "s"}`}
          </Button>
          {running && (
            <Button secondary testId="stop-all" title="Stop Playground Requests (Ctrl+Escape)" onClick={() => postToHost({ type: "stop" })}>
              Stop all
            </Button>
          )}
          {!running && state.columns.length > 0 && (
            <>
              <Button secondary testId="clear" title="New Playground Conversation (Ctrl+Alt+N)" onClick={() => postToHost({ type: "clear" })}>
                New conversation
              </Button>
              <Button secondary testId="export" title="Save the conversation as Markdown or JSON" onClick={() => postToHost({ type: "export-conversation" })}>
                Export…
              </Button>
            </>
          )}
        </div>
      </div>
      <div className="options-row">
        <Disclosure className="system-prompt" summary="System prompt" openWhen={system !== ""}>
          <TextArea label="System prompt (shared by every column)" testId="system" value={system} onChange={setSystem} placeholder="Optional instructions for every model" />
        </Disclosure>
        <ToolsAndOutput
          value={{ ...options, images }}
          onChange={(change) => setOptions({ ...options, ...change })}
          toolsProblem={tools.ok ? null : tools.message}
          schemaProblem={responseFormat.ok ? null : responseFormat.message}
        />
        <Checkbox label="Blind A/B: hide model names until I vote" testId="blind" checked={blind} onChange={setBlind} />
      </div>
      <ImageAttachments images={images} onAdd={(files) => void addImages(files)} onRemove={(index) => setImages(images.filter((_, i) => i !== index))} problem={imageProblem} />
      <fieldset className="model-row" aria-label="Models to compare" hidden={hidden}>
        {models.map((modelId, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: slots are positional and the same model may fill two
          <div className="model-slot" key={`${index}-${modelId}`}>
            <ModelPicker
              label={`Model ${index + 1}`}
              testId={`model-${index + 1}`}
              value={modelId}
              models={state.models}
              unavailable={images.length > 0 ? (model) => (model.imageInput ? undefined : "does not accept images") : undefined}
              footnote={state.demoHidden ? "The simulated demo models are hidden now that an API key is set; the setting switchboard.demo.show brings them back." : undefined}
              onChange={(value) => setModels(models.map((current, i) => (i === index ? value : current)))}
            />
            <NumberField label="Temp." testId={`temperature-${index + 1}`} min={0} max={2} step={0.1} value={params[index]?.temperature} onChange={(v) => setParam(index, { temperature: v })} />
            <NumberField label="Max tokens" testId={`max-tokens-${index + 1}`} min={1} max={1_000_000} step={1} value={params[index]?.maxOutputTokens} onChange={(v) => setParam(index, { maxOutputTokens: v })} />
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
      {noImages.length > 0 && (
        <div className="option-problem" role="alert" data-testid="image-gate">
          {noImages.map((id) => state.models.find((model) => model.id === id)?.displayName ?? id).join(", ")}{" "}
          {noImages.length === 1 ? "does" : "do"} not accept images: pick a model marked "images" or remove the image.
        </div>
      )}
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
      {state.asked && state.columns.length > 0 && (
        <details className="asked" data-testid="asked">
          <summary>
            Asked: <VisibleText text={state.asked.split("\n")[0] ?? ""} />
            {askedImages.length > 0 && <span className="asked-image-count"> (+{askedImages.length} image{askedImages.length === 1 ? "" : "s"})</span>}
          </summary>
          <div className="asked-full">
            <VisibleText text={state.asked} />
          </div>
          {askedImages.length > 0 ? (
            <div className="asked-images" data-testid="asked-images">
              {askedImages.map((url, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: attachments are positional and may repeat
                <img key={index} src={url} alt={`Sent attachment ${index + 1}`} />
              ))}
            </div>
          ) : (
            (state.columns[0]?.images ?? 0) > 0 && <div className="asked-images">{state.columns[0]!.images} image(s) were sent with this prompt (not kept after a reload).</div>
          )}
        </details>
      )}
      <div className="columns" data-testid="columns">
        {shown.map((column, position) => (
          <Column
            key={column.columnId}
            column={column}
            model={state.models.find((model) => model.id === column.modelId)}
            blindName={hidden ? letter(position) : undefined}
            letter={lettered && !hidden ? letter(position) : undefined}
            picked={lettered && !hidden && picked === column.columnId}
            onVote={blind && finished && !voted && column.status === "done" ? () => {
              postToHost({ type: "vote", columnId: column.columnId });
              setPicked(column.columnId);
            } : undefined}
            onStop={() => postToHost({ type: "stop", columnId: column.columnId })}
          />
        ))}
      </div>
      {/* The tally would hint at which model is which before the vote. */}
      {!hidden && state.leaderboard && Object.keys(state.leaderboard.wins).length > 0 && (
        <section className="leaderboard" data-testid="leaderboard" aria-label="Your blind votes">
          <strong>Your picks for "{state.leaderboard.template}":</strong>{" "}
          {Object.entries(state.leaderboard.wins)
            .sort((a, b) => b[1] - a[1])
            .map(([id, wins]) => `${state.models.find((m) => m.id === id)?.displayName ?? id} ${wins}`)
            .join(" · ")}
        </section>
      )}
      {/* Announces column status changes (not every token) to screen readers. */}
      <div className="visually-hidden" aria-live="polite" data-testid="announcer">
        {shown.map((column, i) => `${hidden ? letter(i) : (state.models.find((m) => m.id === column.modelId)?.displayName ?? column.modelId)}: ${column.status}.`).join(" ")}
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
