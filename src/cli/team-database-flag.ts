// Where a team's state is: --database (postgres://… or a PGlite directory), else $SWITCHBOARD_DATABASE_URL,
// else PGlite in the user's Switchboard folder. Opened and migrated to this version's schema.
import { join } from "node:path";
import { userInfo } from "node:os";
import { switchboardConfigDir } from "../core/spend/ledger-location";
import { openTeamDatabase } from "../core/team/open-team-database";
import { isPostgresUrl, redactedAddress, type TeamDatabase } from "../core/team/team-database";
import { migrate } from "../core/team/team-schema";

export const DATABASE_FLAG_HELP = "--database postgres://…|DIR (else $SWITCHBOARD_DATABASE_URL, else PGlite in ~/.config/switchboard/team-db)";

export function teamDatabaseAddress(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env.SWITCHBOARD_DATABASE_URL || join(switchboardConfigDir(env), "team-db");
}

export async function openTeamStore(address: string): Promise<TeamDatabase> {
  let database: TeamDatabase;
  try {
    database = await openTeamDatabase(address);
  } catch (error) {
    const shown = isPostgresUrl(address) ? redactedAddress(address) : address;
    throw new Error(`cannot open the team database ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await migrate(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

/** Opens the team database at `address`, runs `work` on it and closes it, whatever happens. */
export async function withTeamStore<T>(address: string, work: (database: TeamDatabase) => Promise<T>): Promise<T> {
  const database = await openTeamStore(address);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Who makes a team change, as the ledger records it: --as, else $SWITCHBOARD_ADMIN, else the OS user. */
export function actorName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.SWITCHBOARD_ADMIN) return env.SWITCHBOARD_ADMIN;
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
