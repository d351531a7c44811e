// A team's shared state lives in one Postgres schema on either of two engines: a real Postgres server
// (`postgres://…`, several gateway instances share it) or PGlite, Postgres compiled to WASM, keeping its
// data in a directory (one process at a time; no server to install). Both answer the same SQL.
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface TeamDatabase extends Sql {
  /** Where the state is, safe to show: a server's address without its password, or PGlite's directory. */
  readonly label: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database cannot be reached (down, restarting, refusing connections): the gateway answers 503. */
export class TeamDatabaseUnavailable extends Error {
  constructor(label: string, cause: unknown) {
    super(`the team database (${label}) is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "TeamDatabaseUnavailable";
  }
}

export function isPostgresUrl(address: string): boolean {
  return /^postgres(ql)?:\/\//i.test(address);
}

/** A connection string without its password (for messages and logs). */
export function redactedAddress(address: string): string {
  try {
    const url = new URL(address);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://(unparseable address)";
  }
}
