// The spend view's data and messages, shared by the extension host, the CLI's HTML report and the webview.
import { builtOnFirstUse } from "./built-on-first-use";
import * as z from "./zod";

export const SPEND_GROUPINGS = ["model", "provider", "project", "feature", "caller", "session", "member", "team"] as const;
/** What a personal ledger is grouped by; a team's spend adds member and team. */
export const PERSONAL_GROUPINGS: readonly SpendGrouping[] = ["model", "provider", "project", "feature", "caller", "session"];
export type SpendGrouping = (typeof SPEND_GROUPINGS)[number];
export const SPEND_RANGES = [7, 30, 90, 365] as const;

/** One row of a spend table (and its total), as every report shows it. */
export interface SpendRow {
  key: string;
  /** Requests made, each counted once, under the model (provider, ...) that answered it or failed last. */
  requests: number;
  /** Calls sent to providers, fallbacks included. */
  attempts: number;
  /** Attempts billed at an estimate because the provider reported no usage (stopped streams). */
  estimated: number;
  /** Attempts of models without a known price (their cost is unknown and not in costUsd). */
  unpriced: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Everything one spend report shows: a stacked daily chart, budget lines, the table, price drift. */
export interface SpendDashboard {
  by: SpendGrouping;
  /** The groupings the view offers for these figures. */
  groupings: SpendGrouping[];
  /** The range shown, UTC days inclusive; `days` lists every day in it. */
  since: string;
  until: string;
  days: string[];
  /** One stacked series per group (the largest first; the rest as "other"), USD per day. */
  series: Array<{ key: string; usd: number[] }>;
  rows: SpendRow[];
  total: SpendRow;
  budgets: { dailyUsd?: number; monthlyUsd?: number };
  /** Spend so far in each day's month, up to and including that day (for the monthly budget line). */
  monthToDateUsd: number[];
  drift: Array<{ model: string; reported: number; reportedUsd: number; catalogUsd: number; driftUsd: number; relativeDrift: number | null }>;
  /** Where the figures come from (a ledger path) and when they were read, ISO time. */
  source: string;
  generatedAt: string;
}

/** Webview -> host, from the spend view (validated like every webview message); built once the view opens. */
export const spendViewMessageSchema = builtOnFirstUse(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("spend-ready") }),
    z.object({ type: z.literal("spend-query"), by: z.enum(SPEND_GROUPINGS), days: z.union(SPEND_RANGES.map((days) => z.literal(days))) }),
    z.object({ type: z.literal("spend-export"), format: z.enum(["csv", "json", "html"]) }),
  ]),
);
export type SpendViewMessage = z.infer<ReturnType<typeof spendViewMessageSchema>>;

/** Host -> spend view. */
export type SpendHostMessage = { type: "spend"; dashboard: SpendDashboard; days: number };
