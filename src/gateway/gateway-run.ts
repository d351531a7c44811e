// One gateway request's way into the pipeline: its own id, the project and feature from its headers, and
// a cancellation that fires the moment the client hangs up.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type PipelineDeps, type PipelineRequest, type RunOutcome, runRequest } from "../core/run/run-request";
import { zodIssuePath } from "../core/config/parse-json-file";
import type { ZodError } from "../zod";
import type { AutoRouting } from "./routing-fields";

export type GatewayRequest = Omit<PipelineRequest, "requestId" | "project" | "feature" | "signal" | "onAttemptStart" | "onEvent" | "onPlanned">;

export interface GatewayRun {
  auto: AutoRouting;
  describe(error: ZodError): string;
  execute(request: GatewayRequest, hooks: Pick<PipelineRequest, "onAttemptStart" | "onEvent">): Promise<RunOutcome>;
}

/** `messages[2].content: Invalid input` style: the first problem with its path. */
export function describeBodyError(error: ZodError): string {
  const path = zodIssuePath(error).replace(/^\./, "");
  return `${path ? `${path}: ` : ""}${error.issues[0]?.message ?? "invalid request body"}`;
}

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

export function gatewayRun(
  request: IncomingMessage,
  response: ServerResponse,
  options: { pipeline: () => PipelineDeps; auto: AutoRouting; defaultProject: string | null; storeText?: boolean },
): GatewayRun {
  const controller = new AbortController();
  // A client that disconnects cancels the upstream request at once (the ledger records it as cancelled).
  response.on("close", () => {
    if (!response.writableFinished) controller.abort();
  });
  return {
    auto: options.auto,
    describe: describeBodyError,
    execute: (body, hooks) =>
      runRequest(
        {
          ...body,
          requestId: randomUUID(),
          project: header(request, "x-switchboard-project") ?? options.defaultProject,
          feature: header(request, "x-switchboard-feature") ?? "gateway",
          storeText: options.storeText,
          signal: controller.signal,
          ...hooks,
        },
        options.pipeline(),
      ),
  };
}
