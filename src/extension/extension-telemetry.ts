// OpenTelemetry export from VS Code: switchboard.telemetry.otlp.* settings, plus headers kept in
// SecretStorage (a collector's API key is a secret, never a setting). The exporter restarts when they
// change; what could not be delivered is reported once in the log; at shutdown it gets 2 s to flush.
import * as vscode from "vscode";
import type { ProviderRegistry } from "../core/providers/provider-registry";
import { type OtelExport, startOtelExport } from "../core/telemetry/load-otel-export";
import { type OtlpConfig, otlpConfigFromSettings, type OtlpSettings, parseKeyValueList } from "../core/telemetry/otlp-config";
import { providerIdentity } from "../core/telemetry/provider-identity";
import { getLog } from "./log";

const HEADERS_SECRET = "switchboard.telemetry.otlpHeaders";
const SHUTDOWN_FLUSH_MS = 2000;

export class ExtensionTelemetry {
  private active: { export: OtelExport; key: string; config: OtlpConfig } | undefined;
  private secretHeaders: Record<string, string> = {};
  private warnedAbout: string | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Reads the secret headers (before the first configure; again when they change). */
  async loadSecretHeaders(): Promise<void> {
    const parsed = parseKeyValueList(await this.secrets.get(HEADERS_SECRET), "the stored OpenTelemetry headers");
    this.secretHeaders = typeof parsed === "string" ? {} : parsed;
  }

  async storeSecretHeaders(text: string): Promise<string | undefined> {
    const parsed = parseKeyValueList(text, "Headers");
    if (typeof parsed === "string") return parsed;
    if (Object.keys(parsed).length === 0) await this.secrets.delete(HEADERS_SECRET);
    else await this.secrets.store(HEADERS_SECRET, text);
    await this.loadSecretHeaders();
    return undefined;
  }

  get hasSecretHeaders(): boolean {
    return Object.keys(this.secretHeaders).length > 0;
  }

  /** Starts, restarts or stops the exporter to match the settings. */
  configure(settings: OtlpSettings, registry: () => ProviderRegistry): void {
    const result = otlpConfigFromSettings(settings, this.secretHeaders);
    if (!result.ok) {
      void this.shutdown();
      if (this.warnedAbout !== result.message) {
        this.warnedAbout = result.message;
        getLog().warn(`OpenTelemetry export is off: ${result.message}`);
        void vscode.window.showWarningMessage(`Switchboard: OpenTelemetry export is off: ${result.message}`, "Open Setting").then((choice) => {
          if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "switchboard.telemetry.otlp");
        });
      }
      return;
    }
    this.warnedAbout = undefined;
    const config = result.config;
    const key = JSON.stringify(config ?? null);
    if (this.active?.key === key) return;
    void this.shutdown();
    if (!config) return;
    const log = getLog();
    this.active = {
      key,
      config,
      export: startOtelExport(config, {
        providerIdentity: (id) => providerIdentity(id, registry().get(id)),
        onFirstDrop: (message) => log.warn(message),
      }),
    };
    log.info(`OpenTelemetry export to ${config.label} (${config.protocol}).`);
  }

  /** The pipeline's part: the exporter, and where it goes (a team policy may require a destination). */
  deps(): { telemetry?: OtelExport; telemetryConfig?: OtlpConfig } {
    return this.active ? { telemetry: this.active.export, telemetryConfig: this.active.config } : {};
  }

  /** Stops the exporter, sending what is queued (at most 2 s); VS Code waits for it at deactivation. */
  async shutdown(): Promise<void> {
    const previous = this.active;
    this.active = undefined;
    await previous?.export.shutdown(SHUTDOWN_FLUSH_MS);
  }
}

/** "Set OpenTelemetry Export Headers": e.g. a collector's API key, kept in SecretStorage. */
export async function setTelemetryHeadersCommand(telemetry: ExtensionTelemetry, onChanged: () => void, value?: unknown): Promise<void> {
  const text =
    typeof value === "string"
      ? value
      : await vscode.window.showInputBox({
          title: "Switchboard: OpenTelemetry Export Headers",
          prompt: "Headers for your OpenTelemetry Collector, as key=value pairs separated by commas (e.g. authorization=Bearer%20…, values percent-encoded). Kept in SecretStorage; empty removes them.",
          password: true,
          ignoreFocusOut: true,
          validateInput: (input) => {
            const parsed = parseKeyValueList(input, "Headers");
            return typeof parsed === "string" ? parsed : undefined;
          },
        });
  if (text === undefined) return;
  const problem = await telemetry.storeSecretHeaders(text);
  if (problem) {
    void vscode.window.showErrorMessage(`Switchboard: ${problem}`);
    return;
  }
  onChanged();
  void vscode.window.showInformationMessage(telemetry.hasSecretHeaders ? "Switchboard: OpenTelemetry export headers saved in SecretStorage." : "Switchboard: OpenTelemetry export headers removed.");
}
