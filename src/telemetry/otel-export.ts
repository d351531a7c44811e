// OpenTelemetry export of finished requests: spans and metrics by the GenAI semantic conventions, sent
// over OTLP/HTTP in batches. Built as its own bundle (dist/telemetry.js) and loaded only when export is
// on. Nothing here is registered globally: other code in the same process (other VS Code extensions)
// keeps its own OpenTelemetry setup.
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { OtlpConfig } from "../core/telemetry/otlp-config";
import type { ProviderIdentity } from "../core/telemetry/provider-identity";
import type { FinishedRequest, RequestTelemetry } from "../core/telemetry/request-telemetry";
import { collectorUnreachable } from "./collector-probe";
import { attemptAttributes, metricAttributes, requestAttributes } from "./span-attributes";

export interface OtelExportOptions {
  providerIdentity(providerId: string): ProviderIdentity;
  /** Called once, at the first telemetry that could not be delivered (the request itself is unaffected). */
  onFirstDrop(message: string): void;
}

export interface OtelExport extends RequestTelemetry {
  /** What was not delivered so far: spans, and metric exports that failed. */
  dropped(): { spans: number; metricExports: number };
  /** Sends what is queued, waiting at most timeoutMs; true when everything went out in time. */
  shutdown(timeoutMs: number): Promise<boolean>;
}

/** Histogram buckets the GenAI conventions recommend for token counts and for operation duration (s). */
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** A bounded queue: a collector that is down costs at most this many spans of memory. */
const MAX_QUEUED_SPANS = 2048;
/** One export request's longest wait for the collector. */
const EXPORT_TIMEOUT_MS = 10_000;
/** Spans wait at most this long to be batched. */
const SPAN_BATCH_DELAY_MS = 2000;
/** How often metrics are sent; every process also sends them when it stops. */
const METRIC_INTERVAL_MS = 60_000;

export function startOtelExport(config: OtlpConfig, options: OtelExportOptions): OtelExport {
  let droppedSpans = 0;
  let failedMetricExports = 0;
  let endedSpans = 0;
  let deliveredSpans = 0;
  let reported = false;
  /** Set by shutdown: whatever was ended and not delivered by then is lost. */
  let settled = false;
  const reportOnce = (what: string, error: Error | undefined) => {
    if (reported) return;
    reported = true;
    const reason = error?.message ? `: ${error.message.replace(/\s+/g, " ").slice(0, 200)}` : "";
    options.onFirstDrop(`OpenTelemetry export to ${config.label} failed (${what}${reason}); telemetry is dropped while it fails, requests are not affected`);
  };

  const exporterOptions = { url: config.tracesUrl, headers: config.headers, timeoutMillis: EXPORT_TIMEOUT_MS };
  const traceExporter: SpanExporter = config.protocol === "http/json" ? new JsonTraceExporter(exporterOptions) : new ProtoTraceExporter(exporterOptions);
  const countingTraceExporter: SpanExporter = {
    export(spans, done) {
      traceExporter.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) deliveredSpans += spans.length;
        else {
          droppedSpans += spans.length;
          reportOnce(`${spans.length} span${spans.length === 1 ? "" : "s"}`, result.error);
        }
        done(result);
      });
    },
    shutdown: () => traceExporter.shutdown(),
    forceFlush: () => traceExporter.forceFlush?.() ?? Promise.resolve(),
  };
  const resource = resourceFromAttributes({
    ...config.resourceAttributes,
    [ATTR_SERVICE_NAME]: config.serviceName,
    [ATTR_SERVICE_VERSION]: process.env.SWITCHBOARD_VERSION ?? "dev",
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: countingTraceExporter, maxQueueSize: MAX_QUEUED_SPANS, scheduledDelayMillis: SPAN_BATCH_DELAY_MS, exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
  });
  const tracer = tracerProvider.getTracer("switchboard", process.env.SWITCHBOARD_VERSION);

  let meterProvider: MeterProvider | undefined;
  let instruments: ReturnType<typeof createInstruments> | undefined;
  if (config.metricsUrl) {
    const metricOptions = { url: config.metricsUrl, headers: config.headers, timeoutMillis: EXPORT_TIMEOUT_MS };
    const metricExporter: PushMetricExporter = config.protocol === "http/json" ? new JsonMetricExporter(metricOptions) : new ProtoMetricExporter(metricOptions);
    const countingMetricExporter: PushMetricExporter = {
      export(metrics, done) {
        metricExporter.export(metrics, (result) => {
          if (result.code !== ExportResultCode.SUCCESS) {
            failedMetricExports += 1;
            reportOnce("metrics", result.error);
          }
          done(result);
        });
      },
      forceFlush: () => metricExporter.forceFlush(),
      shutdown: () => metricExporter.shutdown(),
      selectAggregationTemporality: metricExporter.selectAggregationTemporality?.bind(metricExporter),
      selectAggregation: metricExporter.selectAggregation?.bind(metricExporter),
    };
    meterProvider = new MeterProvider({
      resource,
      readers: [new PeriodicExportingMetricReader({ exporter: countingMetricExporter, exportIntervalMillis: METRIC_INTERVAL_MS, exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
    });
    instruments = createInstruments(meterProvider);
  }

  function endSpan(span: Span, at: number): void {
    span.end(at);
    endedSpans += 1;
  }

  function record(request: FinishedRequest): void {
    const routed = request.plan.attempts.length > 1 || request.attempts.length > 1;
    let parentContext = context.active();
    let parent: Span | undefined;
    if (routed) {
      // Fallbacks: one span for the routed request, each attempt a child.
      parent = tracer.startSpan("switchboard.route", { kind: SpanKind.INTERNAL, startTime: request.startedAt, attributes: requestAttributes(request) });
      parentContext = trace.setSpan(parentContext, parent);
    }
    for (const attempt of request.attempts) {
      const identity = options.providerIdentity(attempt.provider);
      const endedAt = performance.timeOrigin + (attempt.state.endedAt ?? attempt.state.startedAt + attempt.durationMs);
      const span = tracer.startSpan(
        `chat ${attempt.model}`,
        { kind: SpanKind.CLIENT, startTime: performance.timeOrigin + attempt.state.startedAt, attributes: attemptAttributes(request, attempt, identity) },
        parentContext,
      );
      if (attempt.outcome !== "ok") span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.state.error?.message ?? attempt.outcome });
      endSpan(span, endedAt);
      recordMetrics(request, attempt, identity);
    }
    if (parent) {
      const final = request.attempts.at(-1);
      if (final && final.outcome !== "ok") parent.setStatus({ code: SpanStatusCode.ERROR, message: final.state.error?.message ?? final.outcome });
      endSpan(parent, request.endedAt);
    }
  }

  function recordMetrics(request: FinishedRequest, attempt: FinishedRequest["attempts"][number], identity: ProviderIdentity): void {
    if (!instruments) return;
    const attributes: Attributes = metricAttributes(request, attempt, identity);
    if (attempt.usage) {
      instruments.tokens.record(attempt.usage.inputTokens, { ...attributes, "gen_ai.token.type": "input" });
      instruments.tokens.record(attempt.usage.outputTokens, { ...attributes, "gen_ai.token.type": "output" });
    }
    instruments.duration.record(attempt.durationMs / 1000, attempt.outcome === "ok" ? attributes : { ...attributes, "error.type": attempt.outcome });
    if (attempt.costSource !== "unpriced") {
      instruments.cost.add(attempt.costUsd, {
        "switchboard.project": request.project ?? "",
        "switchboard.feature": request.feature,
        "gen_ai.provider.name": identity.name,
        "gen_ai.request.model": attempt.model,
      });
    }
  }

  return {
    requestFinished(request) {
      try {
        record(request);
      } catch (error) {
        // Telemetry never fails a request.
        reportOnce("a span could not be built", error instanceof Error ? error : undefined);
      }
    },
    // Spans still queued or being sent count as dropped only after shutdown (a full queue's drops are
    // found the same way: ended, and neither delivered nor failed).
    dropped: () => ({ spans: settled ? endedSpans - deliveredSpans : droppedSpans, metricExports: failedMetricExports }),
    async shutdown(timeoutMs) {
      const flushed = Promise.all([tracerProvider.shutdown(), meterProvider?.shutdown()]).then(
        () => true,
        () => false,
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
      });
      // A collector that is down fails at once: stop waiting instead of retrying until the time is up.
      const pending = endedSpans - deliveredSpans;
      const down =
        pending > 0 || instruments
          ? collectorUnreachable(config.tracesUrl).then((reason) => {
              if (!reason) return new Promise<never>(() => {});
              reportOnce(pending > 0 ? `${pending} span${pending === 1 ? "" : "s"}` : "metrics", new Error(reason));
              return false as const;
            })
          : new Promise<never>(() => {});
      const inTime = await Promise.race([flushed, timedOut, down]);
      clearTimeout(timer);
      settled = true;
      return inTime && endedSpans === deliveredSpans && failedMetricExports === 0;
    },
  };
}

function createInstruments(meterProvider: MeterProvider) {
  const meter = meterProvider.getMeter("switchboard", process.env.SWITCHBOARD_VERSION);
  return {
    tokens: meter.createHistogram("gen_ai.client.token.usage", {
      description: "Number of input and output tokens used.",
      unit: "{token}",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    }),
    duration: meter.createHistogram("gen_ai.client.operation.duration", {
      description: "GenAI operation duration.",
      unit: "s",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    cost: meter.createCounter("switchboard.cost", { description: "What model calls cost, by project, feature, provider and model.", unit: "USD" }),
  };
}
