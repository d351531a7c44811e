// A searchable model picker: type to filter the catalog by name, provider or id; each entry shows its
// price, context window and badges (simulated, local, data handling). Keyboard: arrows, Enter, Escape.
import { useId, useMemo, useRef, useState } from "react";
import type { ModelOption } from "../../src/protocol";

const POLICY_BADGE: Record<NonNullable<ModelOption["dataPolicy"]>, string> = {
  "zero-retention": "zero retention",
  "no-training": "no training",
  trains: "may train on data",
  unknown: "data policy unknown",
};

function contextLabel(tokens: number): string {
  return tokens >= 1_000_000 ? `${(tokens / 1_000_000).toFixed(tokens % 1_000_000 === 0 ? 0 : 1)}M ctx` : `${Math.round(tokens / 1000)}k ctx`;
}

export function modelSummary(model: ModelOption): string {
  const dated = model.pricesAsOf ? ` · prices ${model.pricesAsOf}${model.pricesStale ? " (over 60 days old)" : ""}` : "";
  return `${model.id.split("/")[0]} · $${model.inputPrice}/$${model.outputPrice} per 1M · ${contextLabel(model.contextWindow)}${dated}`;
}

function Badges(props: { model: ModelOption }) {
  const { model } = props;
  return (
    <span className="picker-badges">
      {model.keyMissing && (
        <span className="picker-badge no-key" title="No API key is set for this provider: Switchboard: Set API Key">
          no key
        </span>
      )}
      {model.simulated && <span className="picker-badge">simulated</span>}
      {model.local && <span className="picker-badge">local</span>}
      {model.imageInput && <span className="picker-badge">images</span>}
      {model.toolCalling && <span className="picker-badge">tools</span>}
      {model.dataPolicy && <span className={`picker-badge policy-${model.dataPolicy}`}>{POLICY_BADGE[model.dataPolicy]}</span>}
    </span>
  );
}

export function ModelPicker(props: {
  value: string;
  models: readonly ModelOption[];
  onChange: (id: string) => void;
  label: string;
  testId?: string;
  /** Why a model cannot be picked right now (e.g. images are attached and it does not accept them). */
  unavailable?: (model: ModelOption) => string | undefined;
  /** A line at the foot of the list, e.g. where the demo models went. */
  footnote?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const current = props.models.find((model) => model.id === props.value);
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return props.models.filter((model) => words.every((word) => `${model.displayName} ${model.id}`.toLowerCase().includes(word)));
  }, [props.models, query]);
  const choose = (model: ModelOption | undefined) => {
    if (model && props.unavailable?.(model)) return;
    if (model) props.onChange(model.id);
    setOpen(false);
    setQuery("");
  };
  return (
    <div className="model-picker" data-testid={props.testId}>
      <button
        type="button"
        className="picker-current"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${props.label}: ${current?.displayName ?? props.value}`}
        onClick={() => {
          setOpen(!open);
          setActive(0);
          setTimeout(() => input.current?.focus(), 0);
        }}
      >
        <span className="picker-name" title={current ? `${current.displayName} (${current.id})` : props.value}>
          {current?.displayName ?? props.value}
        </span>
        {current && <span className="picker-summary">${current.inputPrice}/${current.outputPrice} per 1M</span>}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="picker-popup">
          <input
            ref={input}
            className="picker-search"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
            aria-label="Search models"
            placeholder="Search models, providers…"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown") setActive(Math.min(active + 1, matches.length - 1));
              else if (event.key === "ArrowUp") setActive(Math.max(active - 1, 0));
              else if (event.key === "Enter") choose(matches[active]);
              else if (event.key === "Escape") setOpen(false);
              else return;
              event.preventDefault();
            }}
          />
          <div className="picker-list" role="listbox" id={listId} aria-label={props.label}>
            {matches.length === 0 && <div className="picker-empty">No model matches "{query}".</div>}
            {matches.map((model, index) => {
              const why = props.unavailable?.(model);
              return (
              <div
                key={model.id}
                id={`${listId}-${index}`}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                aria-disabled={why ? true : undefined}
                title={why ? `${model.displayName} ${why}` : undefined}
                className={`picker-option${index === active ? " active" : ""}${why ? " unavailable" : ""}`}
                onMouseEnter={() => setActive(index)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(model)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") choose(model);
                }}
              >
                <span className="picker-name" title={`${model.displayName} (${model.id})`}>
                  {model.displayName}
                </span>
                <span className="picker-summary">{why ? `${why} · ` : ""}{modelSummary(model)}</span>
                <Badges model={model} />
              </div>
              );
            })}
          </div>
          {props.footnote && (
            <div className="picker-footnote" data-testid="picker-footnote">
              {props.footnote}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
