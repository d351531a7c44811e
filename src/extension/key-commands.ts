// Set API Key, Remove API Key and Test Connection. Keys go only to SecretStorage and never into messages.
import * as vscode from "vscode";
import type { ProviderDefinition } from "../core/providers/provider-definitions";
import { testConnection } from "../core/providers/test-connection";
import type { KeyStore } from "./key-store";
import { getLog } from "./log";
import type { SwitchboardServices } from "./switchboard-services";

const label = (provider: ProviderDefinition) => provider.displayName ?? provider.id;

async function pickProvider(services: SwitchboardServices, keys: KeyStore, arg: unknown, placeHolder: string): Promise<ProviderDefinition | undefined> {
  const providers = services.keyedProviders();
  const given = providers.find((provider) => provider.id === arg);
  if (given) return given;
  const items = providers.map((provider) => ({ label: label(provider), description: keys.has(provider.id) ? "key set" : "", provider }));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.provider;
}

/** Scripts and tests may pass the provider id and the key as arguments (the key still goes only to SecretStorage). */
export async function setApiKeyCommand(services: SwitchboardServices, keys: KeyStore, providerArg?: unknown, keyArg?: unknown): Promise<void> {
  const provider = await pickProvider(services, keys, providerArg, "Which provider is this key for?");
  if (!provider) return;
  const key =
    typeof keyArg === "string"
      ? keyArg
      : await vscode.window.showInputBox({
          title: `${label(provider)} API key`,
          prompt: "Stored in VS Code's SecretStorage (your OS keychain on desktop), never in settings.",
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === "" ? "Enter the key, or press Escape to cancel." : undefined),
        });
  if (key === undefined || key.trim() === "") return;
  await keys.store(provider.id, key.trim());
  getLog().info(`Stored an API key for ${provider.id}.`);
  void vscode.window.showInformationMessage(`Switchboard: saved the ${label(provider)} API key.`, "Test Connection").then((choice) => {
    if (choice) void vscode.commands.executeCommand("switchboard.testConnection", provider.id);
  });
}

export async function removeApiKeyCommand(services: SwitchboardServices, keys: KeyStore, providerArg?: unknown): Promise<void> {
  const provider = await pickProvider(services, keys, providerArg, "Remove the key of which provider?");
  if (!provider) return;
  await keys.remove(provider.id);
  getLog().info(`Removed the API key for ${provider.id}.`);
  void vscode.window.showInformationMessage(`Switchboard: removed the ${label(provider)} API key.`);
}

/** Returns the result too, so scripts and tests can read it. */
export async function testConnectionCommand(services: SwitchboardServices, keys: KeyStore, providerArg?: unknown) {
  const provider = await pickProvider(services, keys, providerArg, "Test the connection to which provider?");
  if (!provider) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Switchboard: testing ${label(provider)}…` },
    () => testConnection(provider, keys.get(provider.id)),
  );
  getLog()[result.ok ? "info" : "warn"](`Test Connection: ${result.message}`);
  if (result.ok) void vscode.window.showInformationMessage(`Switchboard: ${result.message}`);
  else {
    // Offer what fixes the cause: a new key for a refused one, the endpoint for a wrong URL or a dead
    // server, the proxy settings for a built-in provider this machine cannot reach.
    const action = result.fix === "set-key" ? "Set API Key" : result.fix === "check-network" ? "Open Proxy Settings" : "Open Provider Settings";
    void vscode.window.showErrorMessage(`Switchboard: ${result.message}`, action).then((choice) => {
      if (choice === "Set API Key") void vscode.commands.executeCommand("switchboard.setApiKey", provider.id);
      else if (choice === "Open Proxy Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "http.proxy");
      else if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "switchboard.providers");
    });
  }
  return result;
}
