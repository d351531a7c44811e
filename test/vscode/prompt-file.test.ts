// Prompt files in a real VS Code: the CodeLens and Open Prompt File open the matrix, a run goes through
// the one pipeline (every cell in the ledger under "eval") with each row's checks, and a changed model
// list is saved back to the file with its comments and unknown keys kept.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { readLedger } from "../../src/core/spend/ledger-reader";
import { activateSwitchboard, state } from "./helpers";

interface PromptFileState {
  models: string[];
  cells: Array<{ row: number; model: string; status: string; pass: boolean; text: string; checks: Array<{ name: string; pass: boolean }> }>;
  problems: string[];
  running: boolean;
  dirty: boolean;
  summary?: { models: Array<{ model: string; passRate: number }> };
}

const FILE = `# owned by the platform team
name: Echo check
x-owner: platform # keep me
messages:
  - role: user
    content: "Please repeat {{word}}"
testData:
  - word: alpha
  - word: beta
evaluators:
  - name: repeats the word
    string:
      contains: "{{word}}"
switchboard:
  models: [demo/swift-mini, demo/sage-large]
`;

describe("prompt files", () => {
  let uri: vscode.Uri;

  before(async () => {
    await activateSwitchboard();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    uri = vscode.Uri.joinPath(folder, "echo.prompt.yml");
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(FILE));
  });
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await vscode.workspace.fs.delete(uri);
  });

  it("the CodeLens offers it; Open Prompt File shows its models; a run records every cell under eval with its checks", async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri);
    assert.ok(lenses.some((lens) => lens.command?.command === "switchboard.openPromptFile" && /Evaluate in Switchboard/.test(lens.command.title)));

    const opened = await vscode.commands.executeCommand<PromptFileState>("switchboard.openPromptFile", uri);
    assert.deepEqual(opened.models, ["demo/swift-mini", "demo/sage-large"]);
    assert.deepEqual(opened.problems, []);

    const ledgerFile = (await state()).ledgerFile;
    const before = readLedger(ledgerFile).records.length;
    const ran = await vscode.commands.executeCommand<PromptFileState>("switchboard.internal.promptFileMessage", uri, { type: "eval-run" });
    assert.equal(ran.running, false);
    assert.deepEqual(ran.cells.map((cell) => [cell.row, cell.model, cell.status]).sort(), [[0, "demo/sage-large", "done"], [0, "demo/swift-mini", "done"], [1, "demo/sage-large", "done"], [1, "demo/swift-mini", "done"]]);
    for (const cell of ran.cells) {
      const word = cell.row === 0 ? "alpha" : "beta";
      assert.equal(cell.text.toLowerCase().includes(word), cell.pass, `the check agrees with the answer (${cell.text.slice(0, 60)})`);
      assert.deepEqual(cell.checks.map((check) => check.name), ["repeats the word"]);
    }
    const records = readLedger(ledgerFile).records.slice(before);
    assert.equal(records.filter((record) => record.feature === "eval").length, 4);
  });

  it("a changed model list is saved to switchboard.models; comments and unknown keys stay", async () => {
    const malformed = await vscode.commands.executeCommand<PromptFileState>("switchboard.internal.promptFileMessage", uri, { type: "eval-set-models", models: ["not a model id"] });
    assert.deepEqual(malformed.models, ["demo/swift-mini", "demo/sage-large"], "a malformed message changes nothing");
    const edited = await vscode.commands.executeCommand<PromptFileState>("switchboard.internal.promptFileMessage", uri, { type: "eval-set-models", models: ["demo/sage-large"] });
    assert.equal(edited.dirty, true);
    const saved = await vscode.commands.executeCommand<PromptFileState>("switchboard.internal.promptFileMessage", uri, { type: "eval-save" });
    assert.equal(saved.dirty, false);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, /^# owned by the platform team\n/);
    assert.match(text, /x-owner: platform # keep me/);
    assert.match(text, /models:\s*\[?\s*-?\s*demo\/sage-large\s*\]?/);
    assert.doesNotMatch(text, /demo\/swift-mini/);
    assert.deepEqual(saved.models, ["demo/sage-large"]);
  });

  it("problems are diagnostics at their line: a YAML syntax error and a schema error squiggled, cleared once fixed", async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const bad = vscode.Uri.joinPath(folder, "broken.prompt.yml");
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode("name: Broken\nmodel: demo/swift-mini\n\tmessages: []\n"));
    const diagnosticsOf = async (predicate: (found: readonly vscode.Diagnostic[]) => boolean, what: string) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = vscode.languages.getDiagnostics(bad);
        if (predicate(found)) return found;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(found.map((d) => [d.range.start.line, d.message]))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      const document = await vscode.workspace.openTextDocument(bad);
      await vscode.window.showTextDocument(document);
      const [syntax] = await diagnosticsOf((found) => found.length > 0, "the syntax error");
      assert.deepEqual([syntax!.range.start.line, syntax!.range.start.character, syntax!.message, syntax!.severity], [2, 0, "Tabs are not allowed as indentation", vscode.DiagnosticSeverity.Error]);

      // Valid YAML, wrong shape: the schema's problem at its key's line.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(bad, new vscode.Range(0, 0, document.lineCount, 0), "name: Broken\nmodel: demo/swift-mini\nmessages:\n  - role: robot\n    content: hi\n");
      await vscode.workspace.applyEdit(edit);
      const [schema] = await diagnosticsOf((found) => found.some((d) => /role/.test(d.message)), "the schema error");
      assert.equal(schema!.range.start.line, 3);

      // The matrix lists the same problem; choosing it puts the cursor on its line and column.
      const opened = await vscode.commands.executeCommand<PromptFileState>("switchboard.openPromptFile", bad);
      assert.match(opened.problems[0] ?? "", /broken\.prompt\.yml:4:11: messages\.0\.role/);
      await vscode.commands.executeCommand("switchboard.internal.promptFileMessage", bad, { type: "eval-reveal", line: 4, column: 11 });
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), bad.toString());
      assert.deepEqual([editor!.selection.active.line, editor!.selection.active.character], [3, 10]);

      const fix = new vscode.WorkspaceEdit();
      fix.replace(bad, new vscode.Range(3, 0, 3, document.lineAt(3).text.length), "  - role: user");
      await vscode.workspace.applyEdit(fix);
      await diagnosticsOf((found) => found.length === 0, "no problems once fixed");
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      await vscode.workspace.fs.delete(bad);
    }
  });
});
