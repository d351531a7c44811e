// The playground's HTML shell: a strict CSP with a per-load nonce, scripts and styles via asWebviewUri.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

/** The playground's bundle, showing the playground or (view "spend") Show Spend's report. */
export function playgroundHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: "playground" | "spend" | "eval" = "playground"): string {
  const nonce = randomBytes(16).toString("base64");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.js"));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.css"));
  // Web components adopt their own stylesheets, hence style-src 'unsafe-inline'; scripts need the nonce.
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${view === "spend" ? "Switchboard Spend" : view === "eval" ? "Switchboard Eval" : "Switchboard Playground"}</title>
</head>
<body data-view="${view}">
<div id="root"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
