// `switchboard team`: a team gateway's member keys and budgets, kept in the team database. Whoever runs
// these commands with the database's address is the team's admin; each change is recorded in the ledger.
import { parseArgs } from "node:util";
import { formatUsd } from "../common/format-usd";
import { createMemberKey, listMemberKeys, type MemberKey, type MemberKeyLimits, revokeMemberKey, rotateMemberKey, setTeamBudget } from "../core/team/member-keys";
import type { TeamDatabase } from "../core/team/team-database";
import type { CliIo } from "./chat-command";
import { actorName, DATABASE_FLAG_HELP, teamDatabaseAddress, withTeamStore } from "./team-database-flag";
import { fail } from "./usage-error";

export const TEAM_USAGE = [
  `switchboard team keys create --member NAME --team TEAM [--models GLOB,…] [--budget-daily USD] [--budget-monthly USD] [--rpm N] [--expires YYYY-MM-DD] [--admin (also reads the team's spend)] [${DATABASE_FLAG_HELP}] [--as ADMIN] [--json]`,
  "  switchboard team keys list [--database …] [--json] | team keys revoke KEY_ID [--database …] [--as ADMIN] | team keys rotate KEY_ID [--database …] [--as ADMIN] [--json]",
  "  switchboard team budget --team TEAM [--daily USD] [--monthly USD] (neither: no team budget) [--database …] [--as ADMIN]",
].join("\n");

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function usd(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const amount = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(amount)) fail(`${flag} takes an amount in USD like 25 or 2.50, got "${value}"`);
  return amount;
}

function limitsFromFlags(values: Record<string, string | boolean | undefined>): MemberKeyLimits {
  const models = typeof values.models === "string" ? values.models.split(",").map((glob) => glob.trim()).filter(Boolean) : undefined;
  if (models) {
    if (models.length === 0) fail("--models takes PROVIDER/MODEL globs separated by commas, e.g. openai/gpt-5*,anthropic/*");
    for (const glob of models) if (!glob.includes("/") && glob !== "*") fail(`--models: "${glob}" names no provider; write PROVIDER/MODEL, e.g. openai/${glob} or */${glob}`);
  }
  const rpm = values.rpm as string | undefined;
  if (rpm !== undefined && (!/^\d+$/.test(rpm) || Number(rpm) < 1)) fail(`--rpm takes a whole number of requests per minute (1 or more), got "${rpm}"`);
  const expires = values.expires as string | undefined;
  let expiresAt: string | undefined;
  if (expires !== undefined) {
    const time = /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T00:00:00Z`) : Date.parse(expires);
    if (Number.isNaN(time)) fail(`--expires takes a date like 2027-01-31 (or an ISO time), got "${expires}"`);
    if (time <= Date.now()) fail(`--expires ${expires} is already past`);
    expiresAt = new Date(time).toISOString();
  }
  const budgetDailyUsd = usd(values["budget-daily"] as string | undefined, "--budget-daily");
  const budgetMonthlyUsd = usd(values["budget-monthly"] as string | undefined, "--budget-monthly");
  return {
    ...(models ? { models } : {}),
    ...(budgetDailyUsd === undefined ? {} : { budgetDailyUsd }),
    ...(budgetMonthlyUsd === undefined ? {} : { budgetMonthlyUsd }),
    ...(rpm === undefined ? {} : { rpm: Number(rpm) }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

function describeKey(key: MemberKey): string {
  const limits = [
    key.models ? `models ${key.models.join(",")}` : "all models the policy allows",
    key.budgetDailyUsd === undefined ? undefined : `${formatUsd(key.budgetDailyUsd)}/day`,
    key.budgetMonthlyUsd === undefined ? undefined : `${formatUsd(key.budgetMonthlyUsd)}/month`,
    key.rpm === undefined ? undefined : `${key.rpm} req/min`,
    key.expiresAt === undefined ? undefined : `expires ${key.expiresAt.slice(0, 10)}`,
    key.admin ? "admin" : undefined,
  ].filter(Boolean);
  return limits.join(", ");
}

function withStore<T>(flag: string | undefined, io: CliIo, work: (database: TeamDatabase) => Promise<T>): Promise<T> {
  return withTeamStore(teamDatabaseAddress(flag, io.env), work);
}

const COMMON = { database: { type: "string" }, as: { type: "string" }, json: { type: "boolean", default: false } } as const;

export async function teamCommand(args: string[], io: CliIo): Promise<number> {
  const [group, action, ...rest] = args;
  if (group === "budget") return budgetCommand([action, ...rest].filter((arg): arg is string => arg !== undefined), io);
  if (group !== "keys" || !action) fail(`unknown team command "${[group, action].filter(Boolean).join(" ")}" (try: ${TEAM_USAGE})`);
  switch (action) {
    case "create": {
      const { values } = parseArgs({
        args: rest,
        options: {
          ...COMMON,
          member: { type: "string" },
          team: { type: "string" },
          models: { type: "string" },
          "budget-daily": { type: "string" },
          "budget-monthly": { type: "string" },
          rpm: { type: "string" },
          expires: { type: "string" },
          admin: { type: "boolean", default: false },
        },
        strict: true,
      });
      if (!values.member || !NAME.test(values.member)) fail("--member NAME is required: letters, digits, . _ @ - (up to 64)");
      if (!values.team || !NAME.test(values.team)) fail("--team TEAM is required: letters, digits, . _ @ - (up to 64)");
      const limits = { ...limitsFromFlags(values), ...(values.admin ? { admin: true } : {}) };
      const { secret, key } = await withStore(values.database, io, (database) => createMemberKey(database, values.member!, values.team!, limits, actorName(values.as, io.env)));
      if (values.json) io.stdout.write(`${JSON.stringify({ key: secret, ...key }, null, 2)}\n`);
      else {
        io.stdout.write(`Member key ${key.id} for ${key.member} (team ${key.team}): ${describeKey(key)}\n`);
        io.stdout.write(`${secret}\n`);
        io.stdout.write("This is the only time the key is shown: Switchboard keeps only its hash. Hand it to the member over a private channel.\n");
      }
      return 0;
    }
    case "list": {
      const { values } = parseArgs({ args: rest, options: COMMON, strict: true });
      const keys = await withStore(values.database, io, listMemberKeys);
      if (values.json) {
        io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
        return 0;
      }
      if (keys.length === 0) {
        io.stdout.write("No member keys yet: switchboard team keys create --member NAME --team TEAM\n");
        return 0;
      }
      const rows = [
        ["ID", "MEMBER", "TEAM", "KEY", "STATE", "TODAY", "MONTH", "LIMITS"],
        ...keys.map((key) => [
          key.id,
          key.member,
          key.team,
          key.preview,
          key.revokedAt ? `revoked ${key.revokedAt.slice(0, 10)}${key.replacedBy ? ` (→ ${key.replacedBy})` : ""}` : key.expiresAt && Date.parse(key.expiresAt) <= Date.now() ? "expired" : "active",
          formatUsd(key.spentTodayUsd),
          formatUsd(key.spentMonthUsd),
          describeKey(key),
        ]),
      ];
      const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
      io.stdout.write(`${rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n")}\n`);
      return 0;
    }
    case "revoke":
    case "rotate": {
      const { values, positionals } = parseArgs({ args: rest, options: COMMON, strict: true, allowPositionals: true });
      if (positionals.length !== 1) fail(`name the key to ${action} by its id, e.g. switchboard team keys ${action} mk_AbC123xy (team keys list shows them)`);
      const id = positionals[0]!;
      const actor = actorName(values.as, io.env);
      if (action === "revoke") {
        const key = await withStore(values.database, io, (database) => revokeMemberKey(database, id, actor));
        io.stdout.write(`Revoked member key ${key.id} (${key.member}, team ${key.team}): every gateway on this database refuses it from its next request.\n`);
        return 0;
      }
      const { secret, key, replaced } = await withStore(values.database, io, (database) => rotateMemberKey(database, id, actor));
      if (values.json) io.stdout.write(`${JSON.stringify({ key: secret, ...key, replaces: replaced.id }, null, 2)}\n`);
      else {
        io.stdout.write(`Member key ${replaced.id} (${replaced.member}) is revoked; its replacement ${key.id} keeps its limits and spend so far:\n${secret}\n`);
        io.stdout.write("This is the only time the key is shown: Switchboard keeps only its hash.\n");
      }
      return 0;
    }
    default:
      fail(`unknown team keys command "${action}" (try: ${TEAM_USAGE})`);
  }
}

async function budgetCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON, team: { type: "string" }, daily: { type: "string" }, monthly: { type: "string" } }, strict: true });
  if (!values.team || !NAME.test(values.team)) fail("--team TEAM is required");
  const dailyUsd = usd(values.daily, "--daily");
  const monthlyUsd = usd(values.monthly, "--monthly");
  await withStore(values.database, io, (database) =>
    setTeamBudget(database, values.team!, { ...(dailyUsd === undefined ? {} : { dailyUsd }), ...(monthlyUsd === undefined ? {} : { monthlyUsd }) }, actorName(values.as, io.env)),
  );
  const set = [dailyUsd === undefined ? undefined : `${formatUsd(dailyUsd)} a day`, monthlyUsd === undefined ? undefined : `${formatUsd(monthlyUsd)} a month`].filter(Boolean);
  io.stdout.write(set.length ? `Team ${values.team} may spend ${set.join(" and ")} across its members.\n` : `Team ${values.team} has no team budget now.\n`);
  return 0;
}
