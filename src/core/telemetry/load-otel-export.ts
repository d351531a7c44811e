// Loads the OpenTelemetry exporter bundle (dist/telemetry.js, beside the CLI and the extension's engine)
// only when export is on, so nobody else pays for its size or start-up.
import type { OtelExport, OtelExportOptions } from "../../telemetry/otel-export";
import type { OtlpConfig } from "./otlp-config";

export type { OtelExport } from "../../telemetry/otel-export";

export function startOtelExport(config: OtlpConfig, options: OtelExportOptions): OtelExport {
  // esbuild leaves this require as it is (see esbuild.mjs): the bundle is its own file.
  const bundle = require("./telemetry.js") as typeof import("../../telemetry/otel-export");
  return bundle.startOtelExport(config, options);
}
