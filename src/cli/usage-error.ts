// A mistake in how the CLI was called (flags, config, names): one line on stderr, exit 2.
export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}
