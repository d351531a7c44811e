// A throwaway Postgres cluster for tests: Debian's `postgresql` package, `initdb` into a temporary
// directory and `pg_ctl` on a free loopback port, as an unprivileged user (Postgres refuses to run as
// root: when the tests run as root, the cluster belongs to the package's `postgres` user).
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresCluster {
  url: string;
  stop(): void;
  start(): void;
  /** Stops the server and removes its files. */
  destroy(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(root, version, "bin")).find((dir) => existsSync(join(dir, "initdb")));
  if (!found) throw new Error("Postgres is not installed: `apt-get install postgresql` (Debian), or run `bash scripts/setup.sh`");
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), "switchboard-pg-"));
  const data = join(root, "data");
  const asRoot = process.getuid?.() === 0;
  // Run as the package's postgres user when we are root (initdb and postgres refuse root).
  const run = (program: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin, program), asRoot ? ["-u", "postgres", "--", join(bin, program), ...args] : args, { stdio: "pipe", cwd: root });
  if (asRoot) {
    chmodSync(root, 0o777);
  }
  run("initdb", ["-D", data, "-A", "trust", "-U", "switchboard", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", join(root, "server.log"), "-w", "-t", "60", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    url: `postgres://switchboard@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
