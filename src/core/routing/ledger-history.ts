// What routing learns from the ledger's recent records: measured speed (fastest, balanced) and the user's
// own quality evidence (quality, balanced). One history per ledger file for the whole process (every
// request, window and face shares it); loadHistory() brings it up to date off the event loop, and
// admission awaits it when the request's strategy needs history. Before the first update it is empty:
// the planner assumes its priors.
import { onePerFile } from "../../one-per-file";
import type { PlannerInput } from "./planner";
import { RecentHistory } from "./recent-history";

/** The process's history of the ledger at a file. */
export const recentHistoryOf = onePerFile((file) => new RecentHistory(file));

export function historyFromLedger(file: string): Required<Pick<PlannerInput, "health" | "quality" | "loadHistory">> {
  const history = recentHistoryOf(file);
  return {
    health: (id) => history.health(id),
    quality: (id) => history.quality(id),
    loadHistory: () => history.update(),
  };
}
