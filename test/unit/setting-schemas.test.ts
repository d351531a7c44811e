// A setting left at its default is not validated (settings.ts skips its schema), so every default the
// user can see in package.json must be the extension's own fallback and pass its schema.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SETTINGS, type SettingKey, settingSchema } from "../../src/extension/setting-schemas";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
  contributes: { configuration: Array<{ properties: Record<string, { default?: unknown }> }> | { properties: Record<string, { default?: unknown }> } };
};
const contributed = Object.fromEntries(
  [manifest.contributes.configuration].flat().flatMap((section) => Object.entries(section.properties).map(([name, property]) => [name.replace(/^switchboard\./, ""), property.default])),
);

describe("setting schemas", () => {
  it("cover exactly the settings package.json contributes", () => {
    assert.deepEqual(Object.keys(SETTINGS).sort(), Object.keys(contributed).sort());
  });

  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    it(`${key}: the contributed default is the fallback, and it is valid`, () => {
      assert.deepEqual(contributed[key], SETTINGS[key].fallback);
      assert.equal(settingSchema(key).safeParse(SETTINGS[key].fallback).success, true);
    });
  }

  it("still rejects what is not valid", () => {
    assert.equal(settingSchema("routing.timeoutMs").safeParse(10).success, false);
    assert.equal(settingSchema("compare.defaultModels").safeParse(["no-slash"]).success, false);
  });
});
