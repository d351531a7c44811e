// Where OpenTelemetry export goes, from VS Code settings or from the standard OTEL_* variables (CLI and
// gateway), checked once. Pure: the exporter itself is src/telemetry/, loaded only when this says "on".
export type OtlpProtocol = "http/protobuf" | "http/json";

export interface OtlpConfig {
  tracesUrl: string;
  /** Absent: only a traces endpoint was given, so metrics are not sent. */
  metricsUrl?: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  /** The endpoint as shown in messages: no credentials, no query. */
  label: string;
}

export type OtlpConfigResult = { ok: true; config: OtlpConfig | undefined } | { ok: false; message: string };

export interface OtlpSettings {
  endpoint?: string;
  headers?: Record<string, string>;
  protocol?: string;
  serviceName?: string;
  resourceAttributes?: Record<string, string>;
}

const PROTOCOLS: readonly OtlpProtocol[] = ["http/protobuf", "http/json"];

function parseUrl(value: string, what: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${what} is not a URL: "${value}" (e.g. http://localhost:4318)`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${what} must be an http:// or https:// URL (OTLP over HTTP), got "${url.protocol}"`;
  return url;
}

/** The URL without user, password, query or fragment: safe to print. */
export function endpointLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/** The signal's path under a base endpoint, as the OTLP exporter specification appends it. */
function signalUrl(base: URL, signal: "traces" | "metrics"): string {
  const path = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  return new URL(`${path}v1/${signal}`, base).toString();
}

/** `key=value,key2=value2` with percent-encoded values (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES). */
export function parseKeyValueList(text: string | undefined, what: string): Record<string, string> | string {
  const result: Record<string, string> = {};
  if (!text?.trim()) return result;
  for (const pair of text.split(",")) {
    if (!pair.trim()) continue;
    const equals = pair.indexOf("=");
    if (equals <= 0) return `${what} takes key=value pairs separated by commas; "${pair.trim().split("=")[0]}" has no value`;
    try {
      result[decodeURIComponent(pair.slice(0, equals).trim())] = decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      return `${what}: "${pair.slice(0, equals).trim()}" has a badly percent-encoded value`;
    }
  }
  return result;
}

function protocolOf(value: string | undefined, what: string): OtlpProtocol | string {
  const protocol = value?.trim() || "http/protobuf";
  if ((PROTOCOLS as readonly string[]).includes(protocol)) return protocol as OtlpProtocol;
  return `${what} "${protocol}" is not supported: use http/protobuf (the default) or http/json${protocol === "grpc" ? " (gRPC is not supported; a Collector accepts both on port 4318)" : ""}`;
}

/** The CLI and gateway: the OpenTelemetry SDK's standard variables. No endpoint: export is off. */
export function otlpConfigFromEnv(env: NodeJS.ProcessEnv): OtlpConfigResult {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return { ok: true, config: undefined };
  const baseText = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesText = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const metricsText = env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim();
  if (!baseText && !tracesText) return { ok: true, config: undefined };
  const base = baseText ? parseUrl(baseText, "OTEL_EXPORTER_OTLP_ENDPOINT") : undefined;
  if (typeof base === "string") return { ok: false, message: base };
  const traces = tracesText ? parseUrl(tracesText, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") : undefined;
  if (typeof traces === "string") return { ok: false, message: traces };
  const metrics = metricsText ? parseUrl(metricsText, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") : undefined;
  if (typeof metrics === "string") return { ok: false, message: metrics };
  const protocol = protocolOf(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL, "OTEL_EXPORTER_OTLP_PROTOCOL");
  if (!PROTOCOLS.includes(protocol as OtlpProtocol)) return { ok: false, message: protocol };
  const headers = parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS, "OTEL_EXPORTER_OTLP_HEADERS");
  if (typeof headers === "string") return { ok: false, message: headers };
  const resourceAttributes = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES, "OTEL_RESOURCE_ATTRIBUTES");
  if (typeof resourceAttributes === "string") return { ok: false, message: resourceAttributes };
  const tracesUrl = traces ? traces.toString() : signalUrl(base!, "traces");
  const metricsUrl = metrics ? metrics.toString() : base ? signalUrl(base, "metrics") : undefined;
  return {
    ok: true,
    config: {
      tracesUrl,
      ...(metricsUrl ? { metricsUrl } : {}),
      headers,
      protocol: protocol as OtlpProtocol,
      serviceName: env.OTEL_SERVICE_NAME?.trim() || resourceAttributes["service.name"] || "switchboard",
      resourceAttributes,
      label: endpointLabel(baseText || tracesUrl),
    },
  };
}

/** VS Code: switchboard.telemetry.otlp.* settings (the endpoint is the base; /v1/traces and /v1/metrics are added). */
export function otlpConfigFromSettings(settings: OtlpSettings, secretHeaders: Record<string, string> = {}): OtlpConfigResult {
  const endpoint = settings.endpoint?.trim();
  if (!endpoint) return { ok: true, config: undefined };
  const base = parseUrl(endpoint, "switchboard.telemetry.otlp.endpoint");
  if (typeof base === "string") return { ok: false, message: base };
  const protocol = protocolOf(settings.protocol, "switchboard.telemetry.otlp.protocol");
  if (!PROTOCOLS.includes(protocol as OtlpProtocol)) return { ok: false, message: protocol };
  const resourceAttributes = { ...(settings.resourceAttributes ?? {}) };
  return {
    ok: true,
    config: {
      tracesUrl: signalUrl(base, "traces"),
      metricsUrl: signalUrl(base, "metrics"),
      headers: { ...(settings.headers ?? {}), ...secretHeaders },
      protocol: protocol as OtlpProtocol,
      serviceName: settings.serviceName?.trim() || resourceAttributes["service.name"] || "switchboard",
      resourceAttributes,
      label: endpointLabel(endpoint),
    },
  };
}

/** Does export go where a team policy requires (its endpoint, or a signal URL under it)? */
export function exportsTo(config: OtlpConfig | undefined, required: string): boolean {
  if (!config) return false;
  const want = required.trim().replace(/\/+$/, "");
  return [config.tracesUrl, config.label].some((url) => url.replace(/\/+$/, "") === want || url.startsWith(`${want}/`));
}
