// What a finished request hands to telemetry: the plan and every recorded attempt, after the ledger has
// them. The core knows only this shape; OpenTelemetry lives in its own bundle (src/telemetry/), loaded
// only when export is on.
import type { AttemptRecord } from "../routing/executor";
import type { RoutePlan } from "../routing/routing-types";
import type { ChatMessage } from "../stream/events";

export interface FinishedRequest {
  requestId: string;
  project: string | null;
  feature: string;
  caller?: string;
  /** The caller's own session (a coding agent's conversation). */
  session?: string;
  plan: RoutePlan;
  attempts: readonly AttemptRecord[];
  /** Start and end, epoch milliseconds on the attempts' clock (performance.timeOrigin + performance.now()). */
  startedAt: number;
  endedAt: number;
  maxOutputTokens?: number;
  temperature?: number;
  /** The conversation sent, only when the user opted in to storing prompts (never otherwise). */
  messages?: readonly ChatMessage[];
}

export interface RequestTelemetry {
  /** Must return at once and never throw: export happens later, off the request's path. */
  requestFinished(request: FinishedRequest): void;
}
