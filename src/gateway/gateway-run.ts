// One gateway request's way into the pipeline: its own id, the project and feature from its headers, and
// a cancellation that fires the moment the client hangs up.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type PipelineDeps, type PipelineRequest, type RunOutcome, runRequest } from "../core/run/run-request";
import { zodIssuePath } from "../core/config/parse-json-file";
import type { ZodError } from "../zod";
import { type ModelInfo, splitModelId } from "../core/catalog/model-info";
import { forwardableHeaders, type NativeCountAnswer, type NativeRequest, type NativeSink, type Wire } from "../core/providers/native-request";
import { wireOfDefinition } from "../core/providers/provider-definitions";
import { standingExclusion } from "../core/routing/planner";
import { callerOf, sessionOf } from "./client-identity";
import type { AutoRouting } from "./routing-fields";

export type GatewayRequest = Omit<PipelineRequest, "requestId" | "project" | "feature" | "signal" | "onAttemptStart" | "onEvent" | "onPlanned">;

export interface GatewayRun {
  auto: AutoRouting;
  describe(error: ZodError): string;
  /** The client's own request, for a provider of its wire (routing fields left out; credentials never). */
  nativeRequest(wire: Wire, body: Record<string, unknown>, stream: boolean, sink: NativeSink): NativeRequest;
  /** The wire a model's provider speaks ("openai" or "responses" for an OpenAI-compatible one, by its "api"). */
  wireOf(modelId: string): Wire | undefined;
  /** A token count by the provider of `modelId` when it speaks the client's wire (else undefined: count locally). */
  countNatively(modelId: string | undefined, wire: Wire, body: Record<string, unknown>): Promise<NativeCountAnswer | undefined>;
  /**
   * The model a client named: PROVIDER/MODEL as it is; a bare name (an agent's own default, such as
   * Claude Code's "claude-sonnet-4-5") as the usable model of that name, a provider of the client's wire first.
   */
  modelNamed(id: string | undefined, wire: Wire): string | undefined;
  /** A line for the gateway's log (what was left out of a translated request, say). */
  log(line: string): void;
  execute(request: GatewayRequest, hooks: Pick<PipelineRequest, "onAttemptStart" | "onEvent">): Promise<RunOutcome>;
}

/** `messages[2].content: Invalid input` style: the first problem with its path. */
export function describeBodyError(error: ZodError): string {
  const path = zodIssuePath(error).replace(/^\./, "");
  return `${path ? `${path}: ` : ""}${error.issues[0]?.message ?? "invalid request body"}`;
}

/** Switchboard's own fields (OpenRouter's routing fields) are not the provider's business. */
function withoutRoutingFields(body: Record<string, unknown>): Record<string, unknown> {
  const { models: _models, provider: _provider, ...rest } = body;
  return rest;
}

/** The query string a provider should see: the client's, without a key given as ?key=. */
function searchWithoutKey(url: string | undefined): string {
  const search = new URL(url ?? "/", "http://gateway").searchParams;
  search.delete("key");
  const text = search.toString();
  return text ? `?${text}` : "";
}

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

export function gatewayRun(
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  options: { pipeline: () => PipelineDeps; auto: AutoRouting; models: () => readonly ModelInfo[]; defaultProject: string | null; storeText?: boolean; log?: (line: string) => void },
): GatewayRun {
  const caller = callerOf(request);
  const session = sessionOf(request, body, caller);
  /** The client's own request as a provider of its wire gets it (routing fields left out; credentials never). */
  const clientRequest = (wire: Wire, clientBody: Record<string, unknown>) => ({
    wire,
    body: withoutRoutingFields(clientBody),
    headers: forwardableHeaders(request.headers),
    search: searchWithoutKey(request.url),
  });
  const wireOf = (modelId: string): Wire | undefined => {
    try {
      const definition = options.pipeline().planner.findProvider(splitModelId(modelId).provider);
      return definition ? wireOfDefinition(definition) : undefined;
    } catch {
      return undefined;
    }
  };
  const controller = new AbortController();
  // A client that disconnects cancels the upstream request at once (the ledger records it as cancelled).
  response.on("close", () => {
    if (!response.writableFinished) controller.abort();
  });
  return {
    auto: options.auto,
    describe: describeBodyError,
    nativeRequest: (wire, body, stream, sink) => ({ ...clientRequest(wire, body), stream, sink }),
    wireOf,
    log: (line) => options.log?.(line),
    modelNamed: (id, wire) => {
      if (!id || id.includes("/")) return id;
      const named = options.models().filter((model) => splitModelId(model.id).model === id);
      return (named.find((model) => wireOf(model.id) === wire) ?? named[0])?.id ?? id;
    },
    countNatively: async (modelId, wire, body) => {
      if (!modelId?.includes("/") || wireOf(modelId) !== wire) return undefined;
      const deps = options.pipeline();
      // The prompt goes to that provider: only where a request to the model may go (team and data policy).
      if (standingExclusion({ ...deps.planner, preferences: { model: modelId } }, modelId)) return undefined;
      const provider = deps.executor.providerOf(modelId);
      if (!provider?.countTokens) return undefined;
      return provider.countTokens(splitModelId(modelId).model, clientRequest(wire, body), controller.signal);
    },
    execute: (body, hooks) =>
      runRequest(
        {
          ...body,
          requestId: randomUUID(),
          project: header(request, "x-switchboard-project") ?? options.defaultProject,
          feature: header(request, "x-switchboard-feature") ?? "gateway",
          ...(caller === undefined ? {} : { caller }),
          ...(session === undefined ? {} : { session }),
          storeText: options.storeText,
          signal: controller.signal,
          ...hooks,
        },
        options.pipeline(),
      ),
  };
}
