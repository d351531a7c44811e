// The user's own evidence of each model's quality, read from the ledger: how often its prompt-file answers
// passed their checks (eval-result records) and how often it won the blind votes it took part in.
import { EVAL_RESULT_FEATURE, type LedgerEntry, VOTE_FEATURE } from "../spend/ledger-record";

export interface UserEvidence {
  /** Prompt-file answers whose checks all passed, of those judged. */
  evals?: { passed: number; total: number };
  /** Blind votes won, of the votes the model was among. */
  votes?: { wins: number; comparisons: number };
}

/** The vote record's reason names the template and every model shown: "blind vote (TEMPLATE) among A, B". */
const VOTE_REASON = /^blind vote \((.*)\) among (.+)$/;

export function qualityEvidenceFromLedger(entries: readonly LedgerEntry[]): (modelId: string) => UserEvidence | undefined {
  const byModel = new Map<string, UserEvidence>();
  const of = (id: string) => {
    const evidence = byModel.get(id) ?? {};
    byModel.set(id, evidence);
    return evidence;
  };
  for (const entry of entries) {
    const id = `${entry.provider}/${entry.model}`;
    if (entry.feature === EVAL_RESULT_FEATURE) {
      const evidence = of(id);
      evidence.evals ??= { passed: 0, total: 0 };
      evidence.evals.total += 1;
      if (entry.outcome === "pass") evidence.evals.passed += 1;
    } else if (entry.feature === VOTE_FEATURE) {
      const shown = VOTE_REASON.exec(entry.routingReason)?.[2]?.split(", ") ?? [id];
      for (const model of new Set([...shown, id])) {
        const evidence = of(model);
        evidence.votes ??= { wins: 0, comparisons: 0 };
        evidence.votes.comparisons += 1;
        if (model === id) evidence.votes.wins += 1;
      }
    }
  }
  return (modelId) => byModel.get(modelId);
}
