// OpenTelemetry export for the CLI and the gateway, from the standard OTEL_* variables. Started once per
// process on first use; at exit it gets at most 2 s to send what is queued, and anything lost is
// reported once on stderr. It never changes a command's output or exit code.
import type { ProviderRegistry } from "../core/providers/provider-registry";
import { type OtelExport, startOtelExport } from "../core/telemetry/load-otel-export";
import { type OtlpConfig, otlpConfigFromEnv } from "../core/telemetry/otlp-config";
import { providerIdentity } from "../core/telemetry/provider-identity";
import type { CliIo } from "./chat-command";

/** The longest the CLI waits at exit for telemetry to go out. */
export const EXIT_FLUSH_MS = 2000;

let active: { export: OtelExport; config: OtlpConfig; io: CliIo; reportedDrop: boolean } | undefined;

/** The export config from the environment; a bad variable is a warning, never a failed command. */
function cliOtlpConfig(io: CliIo): OtlpConfig | undefined {
  const result = otlpConfigFromEnv(io.env);
  if (result.ok) return result.config;
  io.stderr.write(`switchboard: warning: OpenTelemetry export is off: ${result.message}\n`);
  return undefined;
}

/** The process's exporter, started on first call. */
function cliTelemetry(io: CliIo, registry: ProviderRegistry, config: OtlpConfig): OtelExport {
  if (active) return active.export;
  const state = {
    config,
    io,
    reportedDrop: false,
    export: startOtelExport(config, {
      providerIdentity: (id) => providerIdentity(id, registry.get(id)),
      onFirstDrop: (message) => {
        state.reportedDrop = true;
        io.stderr.write(`switchboard: ${message}\n`);
      },
    }),
  };
  active = state;
  return state.export;
}

/** The pipeline's telemetry: the exporter, and where it goes (a team policy may require a destination). */
export function cliTelemetryDeps(io: CliIo, registry: ProviderRegistry): { telemetry?: OtelExport; telemetryConfig?: OtlpConfig } {
  const config = cliOtlpConfig(io);
  if (!config) return {};
  return { telemetryConfig: config, telemetry: cliTelemetry(io, registry, config) };
}

/**
 * Sends what is queued (at most EXIT_FLUSH_MS). Returns false when it gave up waiting, so the caller
 * exits without waiting for the collector.
 */
export async function finishCliTelemetry(): Promise<boolean> {
  const current = active;
  active = undefined;
  if (!current) return true;
  const inTime = await current.export.shutdown(EXIT_FLUSH_MS);
  const dropped = current.export.dropped();
  if (!current.reportedDrop && (dropped.spans > 0 || dropped.metricExports > 0)) {
    const what = [dropped.spans > 0 ? `${dropped.spans} span${dropped.spans === 1 ? "" : "s"}` : "", dropped.metricExports > 0 ? "metrics" : ""].filter(Boolean).join(" and ");
    current.io.stderr.write(`switchboard: OpenTelemetry export to ${current.config.label} did not finish within ${EXIT_FLUSH_MS / 1000} s: ${what} dropped (the command itself is not affected)\n`);
  }
  return inTime;
}
