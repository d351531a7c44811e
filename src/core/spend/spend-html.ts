// `switchboard spend --format html`: the spend report as one self-contained file a team lead can open or
// attach. The report's script and styles (dist/spend-report.js/.css, the same component as Show Spend)
// and its data are inlined; a strict CSP lets only that script run, and nothing is fetched.
import { createHash } from "node:crypto";
import { escapeHtml } from "../../common/escape-html";
import type { SpendDashboard } from "../../protocol-spend";

/** VS Code's theme variables the report uses, with light and dark values for a browser. */
const THEME = `:root { color-scheme: light dark;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif; --vscode-font-size: 13px;
  --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #717171; --vscode-panel-border: #e5e5e5; --vscode-editor-background: #ffffff;
  --vscode-charts-red: #e51400; --vscode-charts-blue: #1a85ff; --vscode-charts-orange: #d18616; --vscode-charts-green: #388a34;
  --vscode-charts-purple: #652d90; --vscode-charts-yellow: #bf8803; --vscode-charts-foreground: #616161; --vscode-charts-lines: #a0a0a0; }
@media (prefers-color-scheme: dark) { :root {
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-panel-border: #3c3c3c; --vscode-editor-background: #1e1e1e;
  --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-charts-green: #89d185;
  --vscode-charts-purple: #b180d7; --vscode-charts-yellow: #cca700; --vscode-charts-foreground: #cccccc; --vscode-charts-lines: #848484; } }
body { margin: 0; background: var(--vscode-editor-background); }`;

export function spendReportHtml(dashboard: SpendDashboard, script: string, css: string): string {
  // Inside <script>, "</" could end the element early: the JSON escapes every "<".
  const data = JSON.stringify(dashboard).replace(/</g, "\\u003c");
  const safeScript = script.replace(/<\/(script)/gi, "<\\/$1");
  const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
  const styles = `${THEME}\n${css}`;
  // Chart.js and React size elements through style properties, so styles stay 'unsafe-inline'.
  const csp = `default-src 'none'; script-src ${hash(safeScript)}; style-src 'unsafe-inline'; img-src data:`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Switchboard spend by ${escapeHtml(dashboard.by)}, ${dashboard.since} to ${dashboard.until}</title>
<style>${styles}</style>
</head>
<body>
<div id="root"></div>
<script type="application/json" id="spend-data">${data}</script>
<script>${safeScript}</script>
</body>
</html>
`;
}
