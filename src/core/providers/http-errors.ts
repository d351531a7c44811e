// Turns HTTP statuses, provider error bodies and socket failures into error events with a kind.
import type { ErrorKind, StreamEvent } from "../stream/events";
import { redactSecrets } from "./redact";

type ErrorEvent = Extract<StreamEvent, { type: "error" }>;

export function kindForStatus(status: number): { kind: ErrorKind; retryable: boolean } {
  if (status === 401 || status === 403) return { kind: "auth", retryable: false };
  if (status === 404) return { kind: "not-found", retryable: false };
  if (status === 408) return { kind: "timeout", retryable: true };
  if (status === 429) return { kind: "rate-limit", retryable: true };
  if (status === 503 || status === 529) return { kind: "overloaded", retryable: true };
  if (status >= 500) return { kind: "bad-response", retryable: true };
  return { kind: "bad-request", retryable: false };
}

/** Retry-After as seconds or an HTTP date, or OpenAI's retry-after-ms; undefined when absent or unreadable. */
export function parseRetryAfterMs(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const first = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ms = first("retry-after-ms");
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = first("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The provider's own words from an error body: OpenAI, Anthropic and Gemini all use { error: { message } }. */
export function providerMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
    if (typeof parsed.error?.message === "string") return parsed.error.message;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 300) || "(empty response body)";
}

export function httpErrorEvent(
  providerId: string,
  status: number,
  body: string,
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
): ErrorEvent {
  const { kind, retryable } = kindForStatus(status);
  const retryAfterMs = parseRetryAfterMs(headers);
  return {
    type: "error",
    kind,
    retryable,
    status,
    message: redactSecrets(`${providerId} answered HTTP ${status}: ${providerMessage(body)}`, secrets),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** An error in the middle of a stream (after HTTP 200), in the provider's own error shape. */
export function streamErrorEvent(providerId: string, error: { type?: unknown; code?: unknown; message?: unknown; status?: unknown }, secrets: readonly string[]): ErrorEvent {
  // Providers name errors differently (OpenAI/Anthropic `type`, Gemini numeric `code` plus `status`
  // such as UNAVAILABLE): read them all.
  const type = [error.type, error.code, error.status].filter((part) => part !== undefined && part !== null).map(String).join(" ");
  const kind: ErrorKind = /overload|unavailable|503|529/i.test(type)
    ? "overloaded"
    : /rate|quota|resource_exhausted|429/i.test(type)
      ? "rate-limit"
      : /auth|permission|unauthenticated|401|403/i.test(type)
        ? "auth"
        : /invalid|bad_request|400/i.test(type)
          ? "bad-request"
          : "bad-response";
  const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
  return {
    type: "error",
    kind,
    retryable: kind === "overloaded" || kind === "rate-limit" || kind === "bad-response",
    message: redactSecrets(`${providerId} reported an error mid-stream${type ? ` (${type})` : ""}: ${message}`, secrets),
  };
}

/** Socket-level failures: refused, reset, timed out, or cancelled by the user. */
export function networkErrorEvent(providerId: string, error: unknown, aborted: boolean, secrets: readonly string[]): ErrorEvent {
  if (aborted) return { type: "error", kind: "cancelled", retryable: false, message: "Cancelled." };
  const code = String((error as { code?: unknown })?.code ?? "");
  const text = error instanceof Error ? error.message : String(error);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return { type: "error", kind: "timeout", retryable: true, message: `${providerId} did not answer in time (${code}).` };
  }
  return {
    type: "error",
    kind: "network",
    retryable: true,
    message: redactSecrets(`Could not reach ${providerId}${code ? ` (${code})` : ""}: ${text}`, secrets),
  };
}
