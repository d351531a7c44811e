// One usage record per attempt, as stored in the ledger. No prompt or answer text unless the user opts
// in. Each line is a compact JSON array (format 2, below) chained to the line before by a hash; lines
// written by 0.x versions (JSON objects with prevHash/hash, format 1) are still read and verified.
import { createHash } from "node:crypto";

export interface LedgerEntry {
  time: string;
  requestId: string;
  attempt: number;
  project: string | null;
  feature: string;
  /** Who asked, when the feature has callers of its own (the extension that called vscode.lm). */
  caller?: string;
  /** The caller's own session (a coding agent's conversation), when it says which. */
  session?: string;
  provider: string;
  model: string;
  routingReason: string;
  outcome: string;
  status: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Prompt tokens written to the provider's cache (inside inputTokens; billed at the cache-write price). */
  cacheWriteTokens?: number;
  /** What the attempt cost: the provider's own figure when its response gave one, else the price list's. */
  costUsd: number;
  /** "provider" when costUsd is the provider's figure, "unpriced" when no price was known (costUsd 0 means unknown); absent: the price list's. */
  costSource?: "provider" | "unpriced";
  /** The price list's figure beside a provider-reported costUsd (their difference is price drift). */
  catalogCostUsd?: number;
  /** Records written before 0.2: the provider's figure, when costUsd was the price list's. */
  providerCostUsd?: number;
  /** Tokens and cost are Switchboard's estimate: the provider reported no usage (a stopped stream). */
  estimated?: boolean;
  /** "length": the answer stopped at the token limit (max tokens) and is cut off; absent for a complete one. */
  finishReason?: "length";
  priceSource: string;
  ttftMs: number | null;
  durationMs: number;
  prompt?: string;
  answer?: string;
  /** Merged in from another ledger: the record's hash there (its place in that file's chain). */
  imported?: string;
  /** A team gateway's member who asked, their team, and the id of the member key they used. */
  member?: string;
  team?: string;
  memberKey?: string;
  /** Who made a team change (a key created, revoked, rotated; a budget set): the admin's name. */
  actor?: string;
}

/** The feature of a blind-vote record: it says which answer won, no model was called and nothing was spent. */
export const VOTE_FEATURE = "vote";

/** The feature of a prompt-file result: one answer's checks passed ("pass") or not ("fail"); nothing was spent. */
export const EVAL_RESULT_FEATURE = "eval-result";

/** The feature of a team change (a member key created, revoked or rotated, a team budget set): no call, no spend. */
export const TEAM_CHANGE_FEATURE = "team-change";

/** A verdict on answers (a blind vote, a prompt-file result) or a team change, not a call: no spend, no request. */
export function isNotACall(entry: Pick<LedgerEntry, "feature">): boolean {
  return entry.feature === VOTE_FEATURE || entry.feature === EVAL_RESULT_FEATURE || entry.feature === TEAM_CHANGE_FEATURE;
}

export interface LedgerRecord extends LedgerEntry {
  /** Chains this record to the one before: it covers the previous record's hash and this content. */
  hash: string;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isNullable = (check: (value: unknown) => boolean) => (value: unknown) => value === null || check(value);
const FORMAT = 2;

/**
 * Format 2 columns, in order, with the check each value must pass to be read back. Positional arrays
 * keep a record near 230 bytes (objects with names were ~540); the hash is the last element, and an
 * object of opt-in extras may come just before it.
 */
const COLUMNS = {
  format: (value: unknown) => value === FORMAT,
  time: isString,
  requestId: isString,
  attempt: isNumber,
  project: isNullable(isString),
  feature: isString,
  provider: isString,
  model: isString,
  routingReason: isString,
  outcome: isString,
  status: isNullable(isNumber),
  inputTokens: isNumber,
  outputTokens: isNumber,
  cachedInputTokens: isNumber,
  costUsd: isNumber,
  priceSource: isString,
  ttftMs: isNullable(isNumber),
  durationMs: isNumber,
} as const;
export const LEDGER_COLUMNS = Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>;
const BASE_LENGTH = LEDGER_COLUMNS.length;

type Extras = Pick<LedgerEntry, "caller" | "session" | "cacheWriteTokens" | "costSource" | "catalogCostUsd" | "providerCostUsd" | "estimated" | "finishReason" | "prompt" | "answer" | "imported" | "member" | "team" | "memberKey" | "actor">;

/** 132 bits of SHA-256 (22 base64url characters): ample for tamper evidence, a third of the hex size. */
function chainHash(prevHash: string, body: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("base64url").slice(0, 22);
}

function bodyOf(entry: LedgerEntry): string {
  const row: unknown[] = LEDGER_COLUMNS.map((column) => (column === "format" ? FORMAT : entry[column]));
  const extras: Extras = {};
  if (entry.caller !== undefined) extras.caller = entry.caller;
  if (entry.session !== undefined) extras.session = entry.session;
  if (entry.cacheWriteTokens) extras.cacheWriteTokens = entry.cacheWriteTokens;
  if (entry.costSource !== undefined) extras.costSource = entry.costSource;
  if (entry.catalogCostUsd !== undefined) extras.catalogCostUsd = entry.catalogCostUsd;
  if (entry.providerCostUsd !== undefined) extras.providerCostUsd = entry.providerCostUsd;
  if (entry.estimated) extras.estimated = true;
  if (entry.finishReason !== undefined) extras.finishReason = entry.finishReason;
  if (entry.prompt !== undefined) extras.prompt = entry.prompt;
  if (entry.answer !== undefined) extras.answer = entry.answer;
  if (entry.imported !== undefined) extras.imported = entry.imported;
  if (entry.member !== undefined) extras.member = entry.member;
  if (entry.team !== undefined) extras.team = entry.team;
  if (entry.memberKey !== undefined) extras.memberKey = entry.memberKey;
  if (entry.actor !== undefined) extras.actor = entry.actor;
  if (Object.keys(extras).length > 0) row.push(extras);
  return JSON.stringify(row);
}

/** The line to append after a record whose hash is `prevHash` (no newline), and the record it holds. */
export function sealLine(entry: LedgerEntry, prevHash: string): { line: string; record: LedgerRecord } {
  const body = bodyOf(entry);
  const hash = chainHash(prevHash, body);
  return { line: `${body.slice(0, -1)},"${hash}"]`, record: { ...entry, hash } };
}

export interface ParsedLine {
  record: LedgerRecord;
  /** Format 1 lines store the previous hash too; format 2 lines prove the link through their hash. */
  storedPrevHash?: string;
  /** Recomputes the hash from the content and the given previous hash. */
  expectedHash(prevHash: string): string;
}

function parseFormat2(row: unknown[]): ParsedLine | undefined {
  if (row.length !== BASE_LENGTH + 1 && row.length !== BASE_LENGTH + 2) return undefined;
  const hash = row[row.length - 1];
  const extras = row.length === BASE_LENGTH + 2 ? row[BASE_LENGTH] : {};
  if (!isString(hash) || typeof extras !== "object" || extras === null || Array.isArray(extras)) return undefined;
  const record: Record<string, unknown> = { ...extras };
  for (let index = 1; index < BASE_LENGTH; index++) {
    const column = LEDGER_COLUMNS[index]!;
    if (!COLUMNS[column](row[index])) return undefined;
    record[column] = row[index];
  }
  record.hash = hash;
  // Only verification needs the body again: reports skip re-serialising millions of rows.
  return { record: record as unknown as LedgerRecord, expectedHash: (prevHash) => chainHash(prevHash, JSON.stringify(row.slice(0, -1))) };
}

function parseFormat1(object: Record<string, unknown>): ParsedLine | undefined {
  const { prevHash, hash, ...entry } = object;
  if (!isString(prevHash) || !isString(hash) || !isString(entry.time) || !isString(entry.requestId) || !isNumber(entry.costUsd)) return undefined;
  const expectedHash = (previous: string) => createHash("sha256").update(previous).update("\n").update(JSON.stringify(entry)).digest("hex");
  return { record: { ...(entry as unknown as LedgerEntry), hash }, storedPrevHash: prevHash, expectedHash };
}

/** A ledger line as a record, or undefined for a torn or unreadable line. */
export function parseLedgerLine(line: string): ParsedLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return value[0] === FORMAT ? parseFormat2(value) : undefined;
  if (typeof value === "object" && value !== null) return parseFormat1(value as Record<string, unknown>);
  return undefined;
}
