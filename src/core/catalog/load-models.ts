// Validates model entries one by one: a bad entry is reported with its path and skipped, never fatal.
import type { ZodError } from "../../zod";
import { zodIssuePath } from "../config/parse-json-file";
import { type ModelInfo, modelSchemas } from "./model-info";

export interface CatalogProblem {
  /** Where the bad entry came from, e.g. "config.json models[3].pricing.input". */
  path: string;
  message: string;
}

export function formatIssue(prefix: string, error: ZodError): CatalogProblem {
  return { path: `${prefix}${zodIssuePath(error)}`, message: error.issues[0]?.message ?? "invalid" };
}

export function loadModels(entries: unknown, source: string): { models: ModelInfo[]; problems: CatalogProblem[] } {
  if (!Array.isArray(entries)) return { models: [], problems: [{ path: source, message: "expected a list of models" }] };
  const models: ModelInfo[] = [];
  const problems: CatalogProblem[] = [];
  entries.forEach((entry, index) => {
    const parsed = modelSchemas().modelInfoSchema.safeParse(entry);
    if (parsed.success) models.push(parsed.data);
    else problems.push(formatIssue(`${source}[${index}]`, parsed.error));
  });
  return { models, problems };
}
