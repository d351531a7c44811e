// A model as a prompt file names it, as Switchboard knows it: PROVIDER/MODEL when the catalog has it,
// else a bare or publisher-prefixed name (GitHub Models' "gpt-4o-mini", "openai/gpt-4o") matched by model
// name, OpenAI's first. Unknown names are returned as they are (the caller says they are unknown).
import type { ModelInfo } from "../catalog/model-info";
import { splitModelId } from "../catalog/model-info";

export function resolveModelName(id: string, known: (id: string) => ModelInfo | undefined, catalog: readonly ModelInfo[]): string {
  if (id.includes("/") && known(id)) return id;
  const name = id.includes("/") ? id.slice(id.indexOf("/") + 1) : id;
  const matches = catalog.filter((model) => splitModelId(model.id).model === name);
  return (matches.find((model) => model.id.startsWith("openai/")) ?? matches[0])?.id ?? id;
}
