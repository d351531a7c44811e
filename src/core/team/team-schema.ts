// The team database's schema, as numbered migrations. Each runs once, in order, in one transaction with
// the others of its start-up, under an advisory lock: two gateway instances starting together migrate once.
// A migration is never edited after release; a change is a new one.
import type { Sql, TeamDatabase } from "./team-database";

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "member keys, team budgets, hash-chained ledger, spend totals, reservations",
    sql: `
      CREATE TABLE member_keys (
        id text PRIMARY KEY,
        secret_hash text NOT NULL UNIQUE,
        preview text NOT NULL,
        member text NOT NULL,
        team text NOT NULL,
        models jsonb,
        budget_daily_pico bigint,
        budget_monthly_pico bigint,
        rpm integer,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz,
        revoked_by text,
        replaced_by text,
        window_start timestamptz,
        window_count integer NOT NULL DEFAULT 0
      );
      CREATE TABLE team_budgets (
        team text PRIMARY KEY,
        daily_pico bigint,
        monthly_pico bigint,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );
      CREATE TABLE ledger (
        seq bigint PRIMARY KEY,
        line text NOT NULL,
        hash text NOT NULL,
        time timestamptz NOT NULL,
        request_id text NOT NULL,
        member text,
        team text,
        member_key text,
        project text,
        feature text NOT NULL,
        provider text NOT NULL,
        model text NOT NULL,
        cost_pico bigint NOT NULL
      );
      CREATE INDEX ledger_time ON ledger (time);
      CREATE TABLE ledger_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO ledger_head VALUES (1, 0, '');
      CREATE FUNCTION switchboard_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the Switchboard ledger is append-only: rows are never updated or deleted'; END
      $$;
      CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger
        FOR EACH ROW EXECUTE FUNCTION switchboard_ledger_append_only();
      CREATE TABLE spend_totals (
        scope text NOT NULL,
        period text NOT NULL,
        pico bigint NOT NULL,
        PRIMARY KEY (scope, period)
      );
      CREATE TABLE reservations (
        request_id text PRIMARY KEY,
        member_key text NOT NULL,
        team text NOT NULL,
        pico bigint NOT NULL,
        expires_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: "admin keys (read the team's spend through the gateway)",
    sql: "ALTER TABLE member_keys ADD COLUMN admin boolean NOT NULL DEFAULT false;",
  },
];

/** "Swbd": the advisory lock key migrations run under. */
const MIGRATION_LOCK = 0x53776264;

/** Brings the schema up to date; refuses a database a newer Switchboard has migrated further. */
export async function migrate(database: TeamDatabase): Promise<{ applied: number[] }> {
  return database.transaction(async (sql: Sql) => {
    await sql.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await sql.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const [row] = await sql.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    const current = row?.version ?? 0;
    const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    if (current > latest) {
      throw new Error(`the team database (${database.label}) has schema version ${current}, newer than this Switchboard knows (${latest}): upgrade Switchboard`);
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
      await sql.query(migration.sql);
      await sql.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { applied };
  });
}
