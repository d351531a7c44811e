// `switchboard serve`: the local gateway. Any OpenAI or Anthropic client (the official SDKs, coding tools
// with a custom base URL, the user's own code) routes through Switchboard's keys, catalog, routing,
// policies, budgets and ledger. Keys come from environment variables and never leave this process.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { RouteExecutor } from "../core/routing/executor";
import { historyFromLedger } from "../core/routing/ledger-history";
import type { PipelineDeps } from "../core/run/run-request";
import { LedgerWriter } from "../core/spend/ledger-writer";
import { isLoopbackHost, startGateway } from "../gateway/gateway-server";
import { memberAccess } from "../gateway/member-access";
import { TeamLedger } from "../core/team/team-ledger";
import type { TeamDatabase } from "../core/team/team-database";
import { DATABASE_FLAG_HELP, openTeamStore, teamDatabaseAddress } from "./team-database-flag";
import { budgetGuard, type CliIo } from "./chat-command";
import { findModel, loadCliContext, loadTeamPolicy } from "./cli-context";
import { cliTelemetryDeps } from "./cli-telemetry";
import { ledgerPath, projectName } from "./routing-flags";
import { fail } from "./usage-error";

export const SERVE_USAGE = `switchboard serve [--port N (8787; 0 picks a free one)] [--host 127.0.0.1] [--config FILE] [--policy FILE] [--ledger FILE] [--project NAME]
  switchboard serve --team [${DATABASE_FLAG_HELP}] [--host 0.0.0.0] [--tls-cert FILE --tls-key FILE | --allowed-hosts NAME,…] [--config FILE] [--policy FILE] [--project NAME]`;

/** In-flight streams get this long to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

export async function serveCommand(args: string[], io: CliIo, stop: Promise<void> = signalled()): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      config: { type: "string" },
      policy: { type: "string" },
      ledger: { type: "string" },
      project: { type: "string" },
      team: { type: "boolean", default: false },
      database: { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "allowed-hosts": { type: "string" },
    },
    strict: true,
  });
  const team = values.team || values.database !== undefined;
  if (!team && !isLoopbackHost(values.host)) {
    fail(
      `--host ${values.host} would open the gateway to other machines, and its single token is for this machine only. A gateway for a team takes member keys: switchboard serve --team [--database postgres://…] --host ${values.host} --tls-cert FILE --tls-key FILE (keys from \`switchboard team keys create\`)`,
    );
  }
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) fail("--tls-cert and --tls-key go together: the certificate chain and its private key, both PEM files");
  const allowedHosts = values["allowed-hosts"]?.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (team && !isLoopbackHost(values.host) && values["tls-cert"] === undefined && !allowedHosts?.length) {
    fail(
      `a team gateway on --host ${values.host} over plain HTTP would send member keys in the clear: give --tls-cert FILE --tls-key FILE, or, behind a reverse proxy that terminates TLS, --allowed-hosts with the names it forwards (e.g. --allowed-hosts switchboard.example.com)`,
    );
  }
  const tls = values["tls-cert"] === undefined ? undefined : { cert: readPem(values["tls-cert"], "--tls-cert"), key: readPem(values["tls-key"]!, "--tls-key") };
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65_535) fail(`--port takes a port number from 0 to 65535, got "${values.port}"`);
  const context = await loadCliContext(values.config, io.env, !team);
  for (const warning of context.warnings) io.stderr.write(`switchboard: warning: ${warning}\n`);
  const teamPolicy = loadTeamPolicy(values.policy);
  const ledgerFile = ledgerPath(values.ledger, io.env);
  const project = projectName(values.project);
  let database: TeamDatabase | undefined;
  if (team) {
    database = await openTeamStore(teamDatabaseAddress(values.database, io.env));
    const [keys] = await database.query<{ live: number }>("SELECT count(*)::int AS live FROM member_keys WHERE revoked_at IS NULL");
    if (!keys?.live) io.stderr.write("switchboard: warning: no member keys yet, so every request is refused: create one with `switchboard team keys create --member NAME --team TEAM`\n");
  }
  // A team gateway records to the team database and holds its members' budgets there (member-access.ts).
  const ledger = team ? undefined : new LedgerWriter(ledgerFile);
  const budget = team ? undefined : budgetGuard(context, teamPolicy, ledgerFile, project);
  // One executor for the whole server: its circuit breakers remember failing providers across requests.
  const executor = new RouteExecutor({ provider: (id) => context.registry.create(id), model: (id) => findModel(context, id) });
  const telemetry = cliTelemetryDeps(io, context.registry);
  const usable = () => context.registry.callable(context.catalog.list());
  const pipeline = (): PipelineDeps => {
    return {
      planner: {
        teamPolicy,
        findModel: (id) => findModel(context, id),
        findProvider: (id) => context.registry.get(id),
        // Speed and quality history, read only when a strategy asks for it, once per request.
        ...historyFromLedger(ledgerFile),
      },
      executor,
      budget,
      ledger,
      ...telemetry,
      priceSource: `${context.catalog.priceSource()}${values.config ? ` + ${values.config}` : ""}`,
    };
  };
  const generated = !team && !io.env.SWITCHBOARD_GATEWAY_TOKEN;
  const token = io.env.SWITCHBOARD_GATEWAY_TOKEN || `sb-${randomBytes(24).toString("base64url")}`;
  const gateway = await startGateway({
    host: values.host,
    port: Number(values.port),
    token,
    pipeline,
    // "switchboard/auto" with the balanced strategy over every model with a key (the demo ones when none has).
    auto: {
      strategy: "balanced",
      candidates: () => {
        const callable = usable();
        const real = callable.filter((model) => !model.simulated);
        return (real.length > 0 ? real : callable).map((model) => model.id);
      },
    },
    models: usable,
    defaultProject: project,
    log: (line) => io.stderr.write(`switchboard: ${line}\n`),
    ...(database ? { members: memberAccess(database, new TeamLedger(database)) } : {}),
    ...(allowedHosts?.length ? { allowedHosts } : {}),
    ...(tls ? { tls } : {}),
  });
  if (generated) io.stdout.write(`Gateway token (set SWITCHBOARD_GATEWAY_TOKEN to choose it): ${token}\n`);
  io.stdout.write(`Switchboard ${database ? `team gateway (member keys, state in ${database.label})` : "gateway"} listening on ${gateway.url}\n`);
  await stop;
  io.stderr.write("switchboard: stopping the gateway (finishing requests in flight)…\n");
  await gateway.close(SHUTDOWN_GRACE_MS);
  if (ledger) void ledger.close();
  await database?.close();
  return 0;
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    fail(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
