// The team database on a Postgres server, through a `pg` connection pool.
import pg from "pg";
import { redactedAddress, type Sql, type TeamDatabase, TeamDatabaseUnavailable } from "./team-database";

/** Connection-level failures (SQLSTATE class 08, a server shutting down, a refused or reset socket). */
function unreachable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03")) return true;
  if (typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"].includes(code)) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

export async function openPostgres(address: string): Promise<TeamDatabase> {
  const label = redactedAddress(address);
  // bigint (int8) columns come back as strings; they are read with BigInt() where money is concerned.
  const pool = new pg.Pool({ connectionString: address, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle connection dropped by a server restart must not take the process down; the next query reconnects.
  pool.on("error", () => undefined);
  const translate = (error: unknown): never => {
    throw unreachable(error) ? new TeamDatabaseUnavailable(label, error) : error;
  };
  const database: TeamDatabase = {
    label,
    async query<Row>(text: string, params: readonly unknown[] = []) {
      try {
        return (await pool.query(text, params as unknown[])).rows as Row[];
      } catch (error) {
        return translate(error);
      }
    },
    async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch(translate);
      let broken = false;
      const sql: Sql = {
        query: async <Row>(text: string, params: readonly unknown[] = []) => (await client.query(text, params as unknown[])).rows as Row[],
      };
      try {
        await client.query("BEGIN");
        const result = await work(sql);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        broken = unreachable(error);
        if (!broken) await client.query("ROLLBACK").catch(() => undefined);
        return translate(error);
      } finally {
        // A connection that failed mid-transaction is discarded rather than handed to the next request.
        client.release(broken ? true : undefined);
      }
    },
    close: () => pool.end(),
  };
  // Fails here, with the address, rather than on the first request.
  await database.query("SELECT 1");
  return database;
}
