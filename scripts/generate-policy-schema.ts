// Writes media/policy.schema.json (editor completion for .switchboard/policy.json) from the zod schema.
// Run: node --import tsx scripts/generate-policy-schema.ts   (a unit test checks it is up to date)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "../src/zod";
import { teamPolicySchema } from "../src/core/routing/team-policy";

export function policyJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(teamPolicySchema(), { target: "draft-7" }), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(join(__dirname, "..", "media", "policy.schema.json"), policyJsonSchema());
}
