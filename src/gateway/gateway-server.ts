// The local gateway: the router served on loopback with the APIs clients and coding agents speak (OpenAI
// Chat Completions and Responses, Anthropic Messages, Gemini generateContent), behind a token, refusing any request whose Host or Origin is not
// this machine (DNS rebinding, browser pages) before anything is sent upstream.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelInfo } from "../core/catalog/model-info";
import type { PipelineDeps } from "../core/run/run-request";
import { anthropicError, countMessageTokens, messages } from "./anthropic-api";
import { countGeminiTokens, generateContent, geminiError } from "./gemini-api";
import type { GatewayError } from "./gateway-request";
import { gatewayRun } from "./gateway-run";
import { modelList } from "./model-list";
import { countResponseTokens, responses } from "./responses-api";
import { chatCompletions, openAIError } from "./openai-api";
import type { AutoRouting } from "./routing-fields";
import { sendJson } from "./sse-response";

export interface GatewayOptions {
  host: string;
  port: number;
  token: string;
  pipeline: () => PipelineDeps;
  auto: AutoRouting;
  /** The models GET /v1/models lists: the ones this user can call. */
  models: () => readonly ModelInfo[];
  defaultProject: string | null;
  storeText?: boolean;
  /** Where the gateway says what it left out of a translated request. */
  log?: (line: string) => void;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Stops accepting, lets streams in flight finish for up to `graceMs`, then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

/** Request bodies up to this size (images inline as base64 make them large). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function hostnameOf(value: string): string {
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).hostname;
  } catch {
    return "";
  }
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token as each API's clients send a key: a bearer token, x-api-key (Anthropic), x-goog-api-key or ?key= (Gemini). */
function presentedToken(request: IncomingMessage, url: URL): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1]?.trim();
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  return bearer ?? first(request.headers["x-api-key"]) ?? first(request.headers["x-goog-api-key"]) ?? url.searchParams.get("key") ?? undefined;
}

/** Gemini's paths name the model and the method: /v1beta/models/{model}:{method}; the model may hold "/". */
const GEMINI_PATH = /^\/v1beta\/models\/(.+):(generateContent|streamGenerateContent|countTokens)$/;

type Api = "openai" | "anthropic" | "gemini";

function apiOf(pathname: string): Api {
  if (pathname.startsWith("/v1/messages")) return "anthropic";
  if (pathname.startsWith("/v1beta/")) return "gemini";
  return "openai";
}

const ERROR_SHAPES: Record<Api, (error: GatewayError) => unknown> = { openai: openAIError, anthropic: anthropicError, gemini: geminiError };

async function readBody(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, message: `the request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch (error) {
    return { ok: false, message: `the request body is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const allowedHosts = new Set([...LOOPBACK_HOSTS, options.host]);
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://gateway");
    const api = apiOf(url.pathname);
    const fail = (error: GatewayError) => sendJson(response, error.status, ERROR_SHAPES[api](error));
    const host = hostnameOf(request.headers.host ?? "");
    const origin = request.headers.origin;
    if (!allowedHosts.has(host) || (origin !== undefined && origin !== "null" && !LOOPBACK_HOSTS.has(hostnameOf(origin)))) {
      return fail({ status: 403, kind: "policy", message: "the Switchboard gateway answers only requests addressed to this machine (Host and Origin must be loopback)" });
    }
    if (!tokenMatches(presentedToken(request, url), options.token)) {
      return fail({ status: 401, kind: "authentication", message: "missing or wrong gateway token: send it as Authorization: Bearer TOKEN, x-api-key: TOKEN or x-goog-api-key: TOKEN" });
    }
    if (request.method === "GET" && url.pathname === "/v1/models") return sendJson(response, 200, modelList(options.models()));
    const gemini = GEMINI_PATH.exec(url.pathname);
    const known = ["/v1/chat/completions", "/v1/responses", "/v1/responses/input_tokens", "/v1/messages", "/v1/messages/count_tokens"].includes(url.pathname) || gemini !== null;
    if (request.method !== "POST" || !known) {
      return fail({
        status: 404,
        kind: "not_found",
        message: `no such endpoint: ${request.method} ${url.pathname} (POST /v1/chat/completions, POST /v1/responses, POST /v1/responses/input_tokens, POST /v1/messages, POST /v1/messages/count_tokens, POST /v1beta/models/MODEL:generateContent | :streamGenerateContent | :countTokens, GET /v1/models)`,
      });
    }
    const body = await readBody(request);
    if (!body.ok) return fail({ status: 400, kind: "invalid_request", message: body.message });
    const run = gatewayRun(request, response, body.value, options);
    if (gemini) {
      const model = decodeURIComponent(gemini[1]!);
      if (gemini[2] === "countTokens") return countGeminiTokens(model, body.value, response, run);
      return generateContent(model, gemini[2] === "streamGenerateContent", body.value, response, run);
    }
    if (url.pathname === "/v1/messages/count_tokens") return countMessageTokens(body.value, response, run);
    if (url.pathname === "/v1/responses") return responses(body.value, response, run);
    if (url.pathname === "/v1/responses/input_tokens") return countResponseTokens(body.value, response, run);
    await (api === "anthropic" ? messages(body.value, response, run) : chatCompletions(body.value, response, run));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: `internal gateway error: ${error instanceof Error ? error.message : String(error)}`, type: "internal" } });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.closeIdleConnections();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
