// The gateway: the router served with the APIs clients and coding agents speak (OpenAI Chat Completions and
// Responses, Anthropic Messages, Gemini generateContent). One developer's runs on loopback behind a token,
// refusing any request whose Host or Origin is not this machine (DNS rebinding, browser pages) before
// anything is sent upstream; a team's takes member keys instead (member-access.ts), over TLS or behind a
// reverse proxy that names its hosts.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
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
import { looksLikeMemberKey } from "../core/team/member-key-shape";
import { TeamDatabaseUnavailable } from "../core/team/team-database";
import type { MemberAccess } from "./member-access";
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
  /** A team gateway: member keys instead of the token. */
  members?: MemberAccess;
  /** Host names the gateway answers to besides loopback (a team gateway behind a reverse proxy). */
  allowedHosts?: readonly string[];
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
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

export const isLoopbackHost = (host: string) => LOOPBACK_HOSTS.has(host);

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

/** A member's request: their key checked (live, within its rate) on the shared database; or why not. */
async function admitMember(members: MemberAccess, token: string | undefined, countRequest: boolean): Promise<GatewayError | { member: Parameters<MemberAccess["pipelineFor"]>[0] }> {
  if (!looksLikeMemberKey(token)) {
    return { status: 401, kind: "authentication", message: "this is a team gateway: send your member key (sbk_…) as Authorization: Bearer KEY, x-api-key: KEY or x-goog-api-key: KEY" };
  }
  try {
    const auth = await members.authenticate(token, countRequest);
    if (auth.ok) return { member: auth };
    return { status: auth.status, kind: auth.status === 429 ? "rate_limit" : "authentication", message: auth.message, ...(auth.retryAfterSeconds ? { retryAfterSeconds: auth.retryAfterSeconds } : {}) };
  } catch (error) {
    if (error instanceof TeamDatabaseUnavailable) return { status: 503, kind: "overloaded", message: error.message };
    throw error;
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const allowedHosts = new Set([...LOOPBACK_HOSTS, options.host, ...(options.allowedHosts ?? [])]);
  // A team gateway bound to every interface over TLS with no host list answers whatever name it is reached by.
  const anyHost = options.members !== undefined && !LOOPBACK_HOSTS.has(options.host) && !options.allowedHosts?.length;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://gateway");
    const api = apiOf(url.pathname);
    const fail = (error: GatewayError & { retryAfterSeconds?: number }) => {
      if (error.retryAfterSeconds) response.setHeader("Retry-After", String(error.retryAfterSeconds));
      sendJson(response, error.status, ERROR_SHAPES[api](error));
    };
    const host = hostnameOf(request.headers.host ?? "");
    const origin = request.headers.origin;
    if (!anyHost && (!allowedHosts.has(host) || (origin !== undefined && origin !== "null" && !allowedHosts.has(hostnameOf(origin))))) {
      const names = options.allowedHosts?.length ? `this machine or ${options.allowedHosts.join(", ")}` : "this machine";
      return fail({ status: 403, kind: "policy", message: `the Switchboard gateway answers only requests addressed to ${names} (Host and Origin)` });
    }
    const token = presentedToken(request, url);
    let pipeline = options.pipeline;
    let models = options.models;
    if (options.members) {
      const { members } = options;
      const admitted = await admitMember(members, token, request.method === "POST");
      if (!("member" in admitted)) return fail(admitted);
      const { member } = admitted;
      if (request.method === "GET" && url.pathname === "/v1/key") return sendJson(response, 200, await members.keyInfo(member));
      if (request.method === "GET" && url.pathname === "/v1/team/spend") {
        if (!member.key.admin) return fail({ status: 403, kind: "policy", message: "only an admin key may read the team's spend (switchboard team keys create --admin)" });
        return sendJson(response, 200, await members.teamSpend());
      }
      pipeline = () => members.pipelineFor(member, options.pipeline());
      models = () => members.modelsFor(member, options.models());
    } else if (!tokenMatches(token, options.token)) {
      return fail({ status: 401, kind: "authentication", message: "missing or wrong gateway token: send it as Authorization: Bearer TOKEN, x-api-key: TOKEN or x-goog-api-key: TOKEN" });
    }
    if (request.method === "GET" && url.pathname === "/v1/models") return sendJson(response, 200, modelList(models()));
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
    const run = gatewayRun(request, response, body.value, { ...options, pipeline, models });
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

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      // The team database went away mid-request (its record could not be written): say so in the API's shape.
      if (error instanceof TeamDatabaseUnavailable) {
        const api = apiOf(new URL(request.url ?? "/", "http://gateway").pathname);
        return sendJson(response, 503, ERROR_SHAPES[api]({ status: 503, kind: "overloaded", message: error.message }));
      }
      sendJson(response, 500, { error: { message: `internal gateway error: ${error instanceof Error ? error.message : String(error)}`, type: "internal" } });
    });
  };
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? "https" : "http"}://${shownHost}:${port}`,
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
