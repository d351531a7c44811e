// The local gateway inside VS Code: the same server as `switchboard serve`, with keys from SecretStorage,
// the settings' routing, and a status bar item while it runs (copy the base URL or the token, or show
// ready-to-paste snippets for the OpenAI and Anthropic SDKs and curl).
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { RunningGateway } from "../gateway/gateway-server";
import type * as GatewayBundle from "./gateway-entry";
import { getLog } from "./log";
import { showInfo } from "./notices";
import type { SwitchboardServices } from "./switchboard-services";

export interface GatewayInfo {
  url: string;
  token: string;
}

export function gatewaySnippets({ url, token }: GatewayInfo): string {
  return `# Switchboard local gateway

Base URL: \`${url}/v1\` (OpenAI) or \`${url}\` (Anthropic). Token: \`${token}\`.
Models: \`PROVIDER/MODEL\` (e.g. \`demo/swift-mini\`) or \`switchboard/auto\`; \`models: [...]\` adds fallbacks.

## OpenAI SDK (TypeScript)

\`\`\`ts
import OpenAI from "openai";
const client = new OpenAI({ baseURL: "${url}/v1", apiKey: "${token}" });
const answer = await client.chat.completions.create({ model: "switchboard/auto", messages: [{ role: "user", content: "Hello" }] });
console.log(answer.choices[0].message.content, answer.model, answer.usage);
\`\`\`

## Anthropic SDK (TypeScript)

\`\`\`ts
import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic({ baseURL: "${url}", apiKey: "${token}" });
const message = await client.messages.create({ model: "switchboard/auto", max_tokens: 1024, messages: [{ role: "user", content: "Hello" }] });
console.log(message.content, message.model, message.usage);
\`\`\`

## curl

\`\`\`sh
curl ${url}/v1/chat/completions -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" \\
  -d '{"model":"switchboard/auto","messages":[{"role":"user","content":"Hello"}]}'
\`\`\`
`;
}

export class LocalGateway implements vscode.Disposable {
  private running: (GatewayInfo & { server: RunningGateway }) | undefined;
  private readonly item = vscode.window.createStatusBarItem("switchboard.gateway", vscode.StatusBarAlignment.Right, 99);
  private readonly changed = new vscode.EventEmitter<GatewayInfo | undefined>();
  /** The gateway started (its address and token) or stopped (undefined). */
  readonly onDidChange = this.changed.event;

  get documents() {
    return this.services.documents;
  }

  constructor(
    private readonly services: SwitchboardServices,
    /** dist/gateway.js, loaded when the gateway first starts. */
    private readonly loadBundle: () => typeof GatewayBundle,
  ) {
    this.item.name = "Switchboard Gateway";
    this.item.command = "switchboard.gatewayActions";
  }

  get info(): GatewayInfo | undefined {
    return this.running && { url: this.running.url, token: this.running.token };
  }

  async start(): Promise<GatewayInfo> {
    if (this.running) return { url: this.running.url, token: this.running.token };
    const { services } = this;
    const token = process.env.SWITCHBOARD_GATEWAY_TOKEN || `sb-${randomBytes(24).toString("base64url")}`;
    // The demo models are offered only while the picker shows them.
    const usable = () => services.registry.callable(services.catalog.list().filter((model) => !model.simulated || services.demoVisible()));
    const server = await this.loadBundle().startGateway({
      host: "127.0.0.1",
      port: services.settings.gatewayPort,
      token,
      // Built per request: a key set, a setting or the team policy changed since counts at once.
      pipeline: () => services.pipeline(),
      auto: {
        get strategy() {
          return services.settings.strategy;
        },
        candidates: () => (services.settings.candidates.length > 0 ? services.settings.candidates : services.settings.defaultModels),
      },
      models: usable,
      defaultProject: services.project,
      storeText: services.settings.storePrompts,
      log: (line) => getLog().info(`Gateway: ${line}`),
    });
    this.running = { url: server.url, token, server };
    this.changed.fire({ url: server.url, token });
    this.item.text = `$(radio-tower) Gateway :${server.port}`;
    this.item.tooltip = `Switchboard gateway on ${server.url}: click to copy the base URL or the token, or see SDK snippets`;
    this.item.show();
    getLog().info(`Local gateway listening on ${server.url}.`);
    return { url: server.url, token };
  }

  async stop(): Promise<boolean> {
    const running = this.running;
    if (!running) return false;
    this.running = undefined;
    this.changed.fire(undefined);
    this.item.hide();
    await running.server.close(10_000);
    getLog().info("Local gateway stopped.");
    return true;
  }

  dispose(): void {
    void this.stop();
    this.item.dispose();
    this.changed.dispose();
  }
}

/** Stop Local Gateway, saying what happened (agents routed through Switchboard lose their endpoint until it starts again). */
export async function stopGatewayCommand(gateway: LocalGateway): Promise<boolean> {
  const url = gateway.info?.url;
  const stopped = await gateway.stop();
  if (!stopped) {
    void showInfo("Switchboard: the local gateway is not running.");
    return false;
  }
  void showInfo(`Switchboard: the local gateway on ${url} stopped; clients that use it get no answer until it starts again.`, "Start Again").then((choice) => {
    if (choice) void vscode.commands.executeCommand("switchboard.startGateway");
  });
  return true;
}

/** Start Local Gateway: the token goes to the clipboard, never into a notification or the log. */
export async function startGatewayCommand(gateway: LocalGateway): Promise<GatewayInfo | undefined> {
  try {
    const info = await gateway.start();
    await vscode.env.clipboard.writeText(info.token);
    void vscode.window.showInformationMessage(`Switchboard: the local gateway is listening on ${info.url}; its token is on the clipboard.`, "Show Snippets").then((choice) => {
      if (choice) void showSnippets(gateway, info);
    });
    return info;
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? "the port is in use: change switchboard.gateway.port (0 picks a free one)" : String(error instanceof Error ? error.message : error);
    void vscode.window.showErrorMessage(`Switchboard: the local gateway could not start: ${message}`, "Open Settings").then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "switchboard.gateway");
    });
    return undefined;
  }
}

async function showSnippets(gateway: LocalGateway, info: GatewayInfo): Promise<void> {
  const document = await gateway.documents.open("Switchboard gateway snippets.md", gatewaySnippets(info));
  await vscode.window.showTextDocument(document, { preview: true });
}

export async function gatewayActionsCommand(gateway: LocalGateway): Promise<void> {
  const info = gateway.info;
  if (!info) {
    await startGatewayCommand(gateway);
    return;
  }
  const choice = await vscode.window.showQuickPick(
    [
      { label: "$(copy) Copy Base URL", detail: `${info.url}/v1`, action: () => vscode.env.clipboard.writeText(`${info.url}/v1`) },
      { label: "$(key) Copy Token", action: () => vscode.env.clipboard.writeText(info.token) },
      { label: "$(code) Show SDK and curl Snippets", action: () => showSnippets(gateway, info) },
      { label: "$(debug-stop) Stop Local Gateway", action: () => stopGatewayCommand(gateway) },
    ],
    { placeHolder: `Switchboard gateway on ${info.url}` },
  );
  await choice?.action();
}
