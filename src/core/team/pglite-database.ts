// The team database embedded: PGlite (Postgres in WASM) keeping its data in a directory. PGlite is one
// process's database: two processes writing one directory would corrupt it, so the directory is held by a
// lock (a symbolic link to the holder's pid beside it) for as long as it is open.
import { mkdir, readlink, symlink, unlink } from "node:fs/promises";
import { processAlive } from "../spend/file-lock";
import type { Sql, TeamDatabase } from "./team-database";

async function holdDirectory(lock: string, directory: string): Promise<void> {
  for (;;) {
    try {
      await symlink(String(process.pid), lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(await readlink(lock).catch(() => "0"));
    if (holder > 0 && processAlive(holder) && holder !== process.pid) {
      throw new Error(
        `the team database ${directory} is open in another Switchboard process (pid ${holder}). PGlite serves one process: stop that one first, or keep the team's state in Postgres (--database postgres://…) to run several`,
      );
    }
    // Left by a process that died: take it over.
    await unlink(lock).catch(() => undefined);
  }
}

export async function openPglite(directory: string): Promise<TeamDatabase> {
  await mkdir(directory, { recursive: true });
  const lock = `${directory}.lock`;
  await holdDirectory(lock, directory);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(directory);
    const label = `PGlite at ${directory}`;
    // Statements without parameters may be several (a migration): PGlite runs those with exec().
    const run = async <Row>(on: Pick<typeof db, "query" | "exec">, text: string, params: readonly unknown[]): Promise<Row[]> => {
      if (params.length > 0) return (await on.query<Row>(text, params as unknown[])).rows;
      const results = await on.exec(text);
      return (results[results.length - 1]?.rows ?? []) as Row[];
    };
    return {
      label,
      query: <Row>(text: string, params: readonly unknown[] = []) => run<Row>(db, text, params),
      transaction: <T>(work: (sql: Sql) => Promise<T>) => db.transaction((tx) => work({ query: <Row>(text: string, params: readonly unknown[] = []) => run<Row>(tx, text, params) })),
      close: async () => {
        await db.close();
        await unlink(lock).catch(() => undefined);
      },
    };
  } catch (error) {
    await unlink(lock).catch(() => undefined);
    throw error;
  }
}
