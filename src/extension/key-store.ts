// API keys live only in VS Code SecretStorage (the OS keychain on desktop); never in settings or logs.
// A copy stays in memory so adapters can be built synchronously when a comparison starts.
import * as vscode from "vscode";

const secretName = (providerId: string) => `switchboard.apiKey.${providerId}`;

export class KeyStore {
  private readonly cache = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange(async (event) => {
      if (!event.key.startsWith("switchboard.apiKey.")) return;
      const id = event.key.slice("switchboard.apiKey.".length);
      await this.refresh(id);
    });
  }

  /** Reads the stored keys of these providers into memory. */
  async load(providerIds: readonly string[]): Promise<void> {
    await Promise.all(providerIds.map((id) => this.refresh(id, false)));
    this.changed.fire();
  }

  private async refresh(providerId: string, notify = true): Promise<void> {
    const key = await this.secrets.get(secretName(providerId));
    if (key) this.cache.set(providerId, key);
    else this.cache.delete(providerId);
    if (notify) this.changed.fire();
  }

  get(providerId: string): string | undefined {
    return this.cache.get(providerId);
  }

  has(providerId: string): boolean {
    return this.cache.has(providerId);
  }

  /** The text with every stored key replaced (the last line of defence before anything leaves the host). */
  redact(text: string): string {
    let result = text;
    for (const key of this.cache.values()) if (key.length >= 8) result = result.split(key).join("[redacted]");
    return result;
  }

  get count(): number {
    return this.cache.size;
  }

  async store(providerId: string, key: string): Promise<void> {
    await this.secrets.store(secretName(providerId), key);
    await this.refresh(providerId);
  }

  async remove(providerId: string): Promise<void> {
    await this.secrets.delete(secretName(providerId));
    await this.refresh(providerId);
  }
}
