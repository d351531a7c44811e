// Opens a team database by its address. Apart from team-database.ts so that code which only handles the
// database's errors (the gateway server, bundled into the extension) does not pull in either engine.
import { isAbsolute } from "node:path";
import { isPostgresUrl, type TeamDatabase } from "./team-database";

/** Opens `postgres://…` with the `pg` client, anything else as a PGlite directory. */
export async function openTeamDatabase(address: string): Promise<TeamDatabase> {
  if (isPostgresUrl(address)) {
    const { openPostgres } = await import("./postgres-database");
    return openPostgres(address);
  }
  if (!isAbsolute(address)) throw new Error(`the team database must be a postgres:// URL or an absolute directory for PGlite, got "${address}"`);
  const { openPglite } = await import("./pglite-database");
  return openPglite(address);
}
