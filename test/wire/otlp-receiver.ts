// A loopback OTLP/HTTP receiver, as an OpenTelemetry Collector is one: it decodes what it receives with
// the official OTLP protobuf definitions (test/fixtures/otlp, opentelemetry-proto) or as OTLP/JSON, and
// keeps every span and metric data point in one plain shape for assertions.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import protobuf from "protobufjs";

/** test/fixtures/otlp, found from wherever this file runs (the source, or a test bundle under out/). */
function protoDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "test", "fixtures", "otlp");
    if (existsSync(join(candidate, "opentelemetry"))) return candidate;
  }
  throw new Error(`test/fixtures/otlp not found above ${__dirname}`);
}

let messages: { trace: protobuf.Type; metrics: protobuf.Type } | undefined;
function otlpMessages(): { trace: protobuf.Type; metrics: protobuf.Type } {
  if (messages) return messages;
  const root = new protobuf.Root();
  const dir = protoDir();
  root.resolvePath = (_origin, target) => join(dir, target);
  root.loadSync(["opentelemetry/proto/collector/trace/v1/trace_service.proto", "opentelemetry/proto/collector/metrics/v1/metrics_service.proto"]);
  messages = {
    trace: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
    metrics: root.lookupType("opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest"),
  };
  return messages;
}

function decode(type: protobuf.Type, body: Buffer): Record<string, unknown> {
  return type.toObject(type.decode(body), { longs: String, bytes: Array });
}

export type AttributeValue = string | number | boolean | AttributeValue[];

export interface ReceivedSpan {
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, AttributeValue>;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  resource: Record<string, AttributeValue>;
}

export interface ReceivedPoint {
  metric: string;
  unit: string;
  kind: "histogram" | "sum" | "gauge";
  attributes: Record<string, AttributeValue>;
  /** Histogram: the sum and count of recorded values; sum/gauge: the value. */
  sum?: number;
  count?: number;
  value?: number;
}

type Json = Record<string, unknown>;

function anyValue(value: Json | undefined): AttributeValue {
  if (!value) return "";
  if ("stringValue" in value) return String(value.stringValue);
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  if ("boolValue" in value) return Boolean(value.boolValue);
  if ("arrayValue" in value) return (((value.arrayValue as Json).values as Json[] | undefined) ?? []).map(anyValue);
  return JSON.stringify(value);
}

function attributes(list: unknown): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const entry of (list as Json[] | undefined) ?? []) result[String(entry.key)] = anyValue(entry.value as Json);
  return result;
}

/** Ids: protobuf bytes (decoded as hex here) or OTLP/JSON's hex strings. */
function hexId(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value.toLowerCase();
  return Buffer.from(value as Uint8Array).toString("hex");
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly points: ReceivedPoint[] = [];
  readonly requests: Array<{ path: string; contentType: string; headers: Record<string, string | string[] | undefined> }> = [];
  /** How to answer: ok, a 500, or a collector that takes 10 s to answer. */
  mode: "ok" | "error-500" | "slow" = "ok";
  private readonly sockets = new Set<import("node:net").Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver!: OtlpReceiver;
    const server = createServer((request, response) => receiver.handle(request, response));
    receiver = new OtlpReceiver(server);
    server.on("connection", (socket) => {
      receiver.sockets.add(socket);
      socket.on("close", () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const contentType = String(request.headers["content-type"] ?? "");
    this.requests.push({ path: request.url ?? "", contentType, headers: request.headers });
    if (this.mode === "slow") {
      const timer = setTimeout(() => this.answer(response, contentType), 10_000);
      response.on("close", () => clearTimeout(timer));
      return;
    }
    if (this.mode === "error-500") {
      response.writeHead(500, { "content-type": "text/plain" }).end("collector failure");
      return;
    }
    const json = contentType.includes("json");
    if (request.url === "/v1/traces") this.takeTraces(json ? (JSON.parse(body.toString("utf8")) as Json) : decode(otlpMessages().trace, body));
    else if (request.url === "/v1/metrics") this.takeMetrics(json ? (JSON.parse(body.toString("utf8")) as Json) : decode(otlpMessages().metrics, body));
    else {
      response.writeHead(404).end();
      return;
    }
    this.answer(response, contentType);
  }

  private answer(response: ServerResponse, contentType: string): void {
    if (contentType.includes("json")) response.writeHead(200, { "content-type": "application/json" }).end("{}");
    else response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
  }

  private takeTraces(request: Json): void {
    for (const resourceSpans of (request.resourceSpans as Json[] | undefined) ?? []) {
      const resource = attributes((resourceSpans.resource as Json | undefined)?.attributes);
      for (const scope of (resourceSpans.scopeSpans as Json[] | undefined) ?? []) {
        for (const span of (scope.spans as Json[] | undefined) ?? []) {
          const status = (span.status as Json | undefined) ?? {};
          this.spans.push({
            name: String(span.name),
            kind: Number(span.kind ?? 0),
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: hexId(span.parentSpanId),
            startNs: BigInt(String(span.startTimeUnixNano ?? "0")),
            endNs: BigInt(String(span.endTimeUnixNano ?? "0")),
            attributes: attributes(span.attributes),
            status: { code: Number(status.code ?? 0), ...(status.message ? { message: String(status.message) } : {}) },
            resource,
          });
        }
      }
    }
  }

  private takeMetrics(request: Json): void {
    for (const resourceMetrics of (request.resourceMetrics as Json[] | undefined) ?? []) {
      for (const scope of (resourceMetrics.scopeMetrics as Json[] | undefined) ?? []) {
        for (const metric of (scope.metrics as Json[] | undefined) ?? []) {
          const name = String(metric.name);
          const unit = String(metric.unit ?? "");
          const histogram = metric.histogram as Json | undefined;
          const sum = metric.sum as Json | undefined;
          const gauge = metric.gauge as Json | undefined;
          const kind = histogram ? "histogram" : sum ? "sum" : "gauge";
          for (const point of ((histogram ?? sum ?? gauge)?.dataPoints as Json[] | undefined) ?? []) {
            const value = point.asDouble ?? point.asInt;
            this.points.push({
              metric: name,
              unit,
              kind,
              attributes: attributes(point.attributes),
              ...(histogram ? { sum: Number(point.sum ?? 0), count: Number(point.count ?? 0) } : { value: Number(value ?? 0) }),
            });
          }
        }
      }
    }
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
