// Orders models by quality from evidence, strongest evidence first: the user's own ranking, then their
// prompt-file pass rates and blind-vote wins (the ledger), then a published benchmark score (models.dev),
// and only then price, labelled as a stand-in. Each model's standing says which evidence placed it.
import type { Benchmark, ModelInfo } from "../catalog/model-info";
import type { UserEvidence } from "./quality-evidence";

/** Fewer prompt-file results or blind votes than this are not yet evidence. */
export const MIN_EVAL_RESULTS = 3;
export const MIN_VOTES = 3;

export interface QualityStanding {
  /** 0 ranking, 1 pass rate, 2 votes, 3 benchmark, 4 price: a lower group is stronger evidence. */
  group: number;
  /** Higher is better within the group. */
  score: number;
  /** "quality: …", in words a user understands. */
  explanation: string;
}

const percent = (part: number, whole: number) => `${Math.round((part / whole) * 1000) / 10} %`;

/** The benchmark most of `models` report (ties: the name first in alphabetical order), or undefined. */
export function sharedBenchmark(models: readonly ModelInfo[]): string | undefined {
  const counts = new Map<string, number>();
  for (const model of models) for (const name of new Set((model.benchmarks ?? []).map((b) => b.name))) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]?.[0];
}

/** The model's latest result for the benchmark. */
function resultFor(model: ModelInfo, name: string): Benchmark | undefined {
  const results = (model.benchmarks ?? []).filter((benchmark) => benchmark.name === name);
  return results.sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""))[0];
}

export function describeBenchmark(result: Benchmark): string {
  const unit = /percent|rate|accuracy/i.test(result.metric ?? "") ? " %" : "";
  return `${result.score}${unit} ${result.name} (${result.date ? `${result.date.slice(0, 7)}, ` : ""}models.dev)`;
}

/**
 * Each model's standing. `evidence` is the user's own, from the ledger; the benchmark compared is the one
 * most of the models without user evidence report, so scores are only ever compared on one benchmark.
 */
export function qualityStandings(models: readonly ModelInfo[], ranking: readonly string[], evidence?: (modelId: string) => UserEvidence | undefined): Map<string, QualityStanding> {
  const standings = new Map<string, QualityStanding>();
  const rest: ModelInfo[] = [];
  for (const model of models) {
    const rank = ranking.indexOf(model.id);
    const own = evidence?.(model.id);
    if (rank !== -1) standings.set(model.id, { group: 0, score: -rank, explanation: `quality: #${rank + 1} in your ranking` });
    else if (own?.evals && own.evals.total >= MIN_EVAL_RESULTS) {
      const { passed, total } = own.evals;
      standings.set(model.id, { group: 1, score: passed / total, explanation: `quality: ${percent(passed, total)} of your prompt-file answers passed their checks (${passed} of ${total}, your eval results)` });
    } else if (own?.votes && own.votes.comparisons >= MIN_VOTES) {
      const { wins, comparisons } = own.votes;
      standings.set(model.id, { group: 2, score: wins / comparisons, explanation: `quality: won ${wins} of the ${comparisons} blind votes it was in (${percent(wins, comparisons)}, your votes)` });
    } else rest.push(model);
  }
  const benchmark = sharedBenchmark(rest);
  for (const model of rest) {
    const result = benchmark ? resultFor(model, benchmark) : undefined;
    standings.set(
      model.id,
      result
        ? { group: 3, score: result.score, explanation: `quality: ${describeBenchmark(result)}` }
        : { group: 4, score: model.pricing.output, explanation: `quality: no evidence, so price stands in ($${model.pricing.output}/1M output)` },
    );
  }
  return standings;
}

/** Best first. */
export function compareStandings(a: QualityStanding, b: QualityStanding): number {
  return a.group - b.group || b.score - a.score;
}
