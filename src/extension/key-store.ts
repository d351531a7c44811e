// API keys live only in VS Code SecretStorage (the OS keychain on desktop); never in settings or logs.
import * as vscode from "vscode";
import { builtInProviders, type ProviderDefinition } from "../core/providers/provider-definitions";
import { getLog } from "./log";

const secretName = (providerId: string) => `switchboard.apiKey.${providerId}`;

export class KeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(providerId: string): Thenable<string | undefined> {
    return this.secrets.get(secretName(providerId));
  }

  async has(providerId: string): Promise<boolean> {
    return (await this.get(providerId)) !== undefined;
  }

  store(providerId: string, key: string): Thenable<void> {
    return this.secrets.store(secretName(providerId), key);
  }

  remove(providerId: string): Thenable<void> {
    return this.secrets.delete(secretName(providerId));
  }
}

/** Providers that take a key (local servers and the demo need none). */
const knownProviders = builtInProviders.filter((provider) => provider.apiKeyEnv !== undefined);

function findProvider(id: unknown): ProviderDefinition | undefined {
  return knownProviders.find((provider) => provider.id === id);
}

async function pickProvider(keys: KeyStore, placeHolder: string): Promise<ProviderDefinition | undefined> {
  const items = await Promise.all(
    knownProviders.map(async (provider) => ({
      label: provider.displayName ?? provider.id,
      description: (await keys.has(provider.id)) ? "key set" : "",
      provider,
    })),
  );
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.provider;
}

/**
 * "Set API Key": asks for a provider and a key in a password box. Scripts and tests may pass both
 * as arguments (the key still goes only to SecretStorage).
 */
export async function setApiKeyCommand(keys: KeyStore, providerArg?: unknown, keyArg?: unknown): Promise<void> {
  const provider = findProvider(providerArg) ?? (await pickProvider(keys, "Which provider is this key for?"));
  if (!provider) return;
  const key =
    typeof keyArg === "string"
      ? keyArg
      : await vscode.window.showInputBox({
          title: `${provider.displayName ?? provider.id} API key`,
          prompt: "Stored in VS Code's SecretStorage (your OS keychain on desktop), never in settings.",
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === "" ? "Enter the key, or press Escape to cancel." : undefined),
        });
  if (key === undefined || key.trim() === "") return;
  await keys.store(provider.id, key.trim());
  getLog().info(`Stored an API key for ${provider.id}.`);
  void vscode.window.showInformationMessage(`Switchboard: saved the ${provider.displayName ?? provider.id} API key.`);
}

export async function removeApiKeyCommand(keys: KeyStore, providerArg?: unknown): Promise<void> {
  const provider = findProvider(providerArg) ?? (await pickProvider(keys, "Remove the key of which provider?"));
  if (!provider) return;
  await keys.remove(provider.id);
  getLog().info(`Removed the API key for ${provider.id}.`);
  void vscode.window.showInformationMessage(`Switchboard: removed the ${provider.displayName ?? provider.id} API key.`);
}

/** For tests and scripts: which providers have a key (never the keys themselves). */
export async function keyStatus(keys: KeyStore): Promise<Record<string, boolean>> {
  const entries = await Promise.all(knownProviders.map(async (p) => [p.id, await keys.has(p.id)] as const));
  return Object.fromEntries(entries);
}
