// Per-model totals of an eval run: pass rate, cost, cost per pass, median latency. Pure: the CLI, the
// extension host and the matrix view in the webview all sum cells the same way.
import { median } from "./median";

export interface EvalCellLike {
  model: string;
  pass: boolean;
  error?: string;
  /** null: the model has no known price. */
  costUsd: number | null;
  durationMs: number;
}

export interface ModelSummary {
  model: string;
  passed: number;
  failed: number;
  errors: number;
  /** 0..1 over the cells that ran. */
  passRate: number;
  costUsd: number;
  costPerPassUsd: number | null;
  p50LatencyMs: number | null;
}

/** The median latency, or null when no cell ran. */
function medianOrNull(values: number[]): number | null {
  return values.length === 0 ? null : median(values);
}

export function summarizeModels(cells: readonly EvalCellLike[], models: readonly string[]): ModelSummary[] {
  return models.map((model) => {
    const mine = cells.filter((cell) => cell.model === model);
    const passed = mine.filter((cell) => cell.pass).length;
    const errors = mine.filter((cell) => cell.error !== undefined).length;
    const costUsd = mine.reduce((sum, cell) => sum + (cell.costUsd ?? 0), 0);
    return {
      model,
      passed,
      failed: mine.length - passed - errors,
      errors,
      passRate: mine.length === 0 ? 0 : passed / mine.length,
      costUsd,
      costPerPassUsd: passed === 0 ? null : costUsd / passed,
      p50LatencyMs: medianOrNull(mine.filter((cell) => cell.error === undefined).map((cell) => cell.durationMs)),
    };
  });
}
