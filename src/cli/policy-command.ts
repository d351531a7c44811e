// `switchboard policy check FILE`: validates a team policy (.switchboard/policy.json) the way every face
// reads it, and lists every problem with its path; exit 2 when there is any, for CI.
import { teamPolicyProblems } from "../core/routing/team-policy";
import type { CliIo } from "./chat-command";
import { readInputFile } from "./cli-input";
import { fail } from "./usage-error";

export const POLICY_USAGE = "switchboard policy check FILE";

export function policyCommand(args: string[], io: CliIo): number {
  const [sub, file, ...extra] = args;
  if (sub !== "check" || !file || extra.length > 0) fail(`usage: ${POLICY_USAGE}`);
  const problems = teamPolicyProblems(readInputFile(file), file);
  if (problems.length === 0) {
    io.stdout.write(`${file}: OK, a valid Switchboard team policy\n`);
    return 0;
  }
  for (const problem of problems) io.stderr.write(`switchboard: ${problem}\n`);
  return 2;
}
