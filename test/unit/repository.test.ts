// The repository stands on its own: a user clones it with nothing beside it, so no tracked file may read
// or point at the workshop folder next to the checkout, and every recording the tests use is in the repo.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(__dirname, "..", "..");
// Spelled in pieces so this file does not match itself.
const outsideReference = new RegExp(["\\.\\./", "shared", "|", "shared/", "(fixtures|notes)"].join(""));

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
}

describe("the repository stands on its own", () => {
  it("no tracked file refers to a folder outside the repository", (t) => {
    if (!existsSync(join(root, ".git"))) return t.skip("not a git checkout");
    const offenders = trackedFiles()
      .filter((file) => file !== "CHANGELOG.md" && !file.endsWith(".png") && existsSync(join(root, file)))
      .filter((file) => outsideReference.test(readFileSync(join(root, file), "utf8")));
    assert.deepEqual(offenders, [], `these files point outside the repository: ${offenders.join(", ")}`);
  });

  it("every recorded stream the tests serve is a tracked file with its origin noted", () => {
    const dir = join(root, "test", "fixtures", "wire");
    const notice = readFileSync(join(dir, "NOTICE.md"), "utf8");
    assert.match(notice, /Apache License 2\.0/);
    const recordings = readdirSync(dir).filter((file) => file.endsWith(".jsonl"));
    assert.ok(recordings.length >= 10);
    for (const file of recordings) assert.ok(notice.includes(`\`${file}\``), `${file} is listed in NOTICE.md`);
  });
});
