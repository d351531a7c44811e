// Removes secrets from any text that may reach a user, a log or the ledger.

const KEY_SHAPES = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /sk-[A-Za-z0-9_-]{8,}/g,
  /AIza[0-9A-Za-z_-]{20,}/g,
  // A team gateway's member keys, and the password in a Postgres address.
  /sbk_[A-Za-z0-9_-]{16,}/g,
  /(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]+(?=@)/gi,
  /(Bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi,
  /([?&]key=)[^&\s"']+/gi,
];

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join("[redacted]");
  }
  for (const shape of KEY_SHAPES) {
    result = result.replace(shape, (_match, prefix?: string) => (typeof prefix === "string" ? `${prefix}[redacted]` : "[redacted]"));
  }
  return result;
}
