// Stands in for the VS Code webview host: serves the built bundle on loopback to real Chromium, with an
// acquireVsCodeApi shim that records what the webview posts and keeps its view state.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import type { HostMessage, WebviewMessage } from "../../src/protocol";
import type { EvalViewMessage } from "../../src/protocol-eval";
import type { SpendViewMessage } from "../../src/protocol-spend";

const dist = join(__dirname, "..", "..", "dist");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const shim = `
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(message),
    getState: () => JSON.parse(sessionStorage.getItem("viewState") ?? "null"),
    setState: (state) => sessionStorage.setItem("viewState", JSON.stringify(state)),
  });
  // As VS Code's webview host does (webview/browser/pre/index.html): every keydown that reaches the
  // window goes to the workbench, whose select-all keybinding answers with execCommand("selectAll")
  // a moment later.
  window.addEventListener("keydown", (event) => {
    if (event.key.toLowerCase() === "a" && (event.ctrlKey || event.metaKey)) setTimeout(() => document.execCommand("selectAll"), 60);
  });`;

function page(theme: string, view: string): string {
  // The real host gives <body> a theme class and --vscode-* variables; a few are enough here.
  return `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'">
<link rel="stylesheet" href="/webview.css">
<style>
body.vscode-dark { --vscode-foreground: #cccccc; --vscode-editor-background: #1e1e1e; --vscode-errorForeground: #f48771; --vscode-descriptionForeground: #9d9d9d;
  --vscode-sideBar-background: #252526; --vscode-panel-border: #3c3c3c; --vscode-textCodeBlock-background: #2b2b2b; --vscode-textLink-foreground: #3794ff;
  --vscode-editorWidget-background: #2d2d30; --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #cccccc;
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 12px;
  --vscode-input-background: #3c3c3c; --vscode-input-foreground: #cccccc; --vscode-dropdown-background: #3c3c3c; --vscode-dropdown-foreground: #f0f0f0;
  --vscode-dropdown-border: #3c3c3c; --vscode-dropdown-listBackground: #252526; --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff;
  --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff; --vscode-badge-background: #4d4d4d; --vscode-badge-foreground: #ffffff; }
body.vscode-light { --vscode-foreground: #3b3b3b; --vscode-editor-background: #ffffff; --vscode-errorForeground: #a1260d; --vscode-descriptionForeground: #717171;
  --vscode-sideBar-background: #f8f8f8; --vscode-panel-border: #e5e5e5; --vscode-textCodeBlock-background: #f2f2f2; --vscode-textLink-foreground: #006ab1;
  --vscode-editorWidget-background: #f3f3f3; --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-input-background: #ffffff; --vscode-input-foreground: #3b3b3b; --vscode-input-border: #cecece; --vscode-dropdown-background: #ffffff;
  --vscode-dropdown-foreground: #3b3b3b; --vscode-dropdown-border: #cecece; --vscode-dropdown-listBackground: #ffffff; --vscode-button-background: #005fb8;
  --vscode-button-foreground: #ffffff; --vscode-badge-background: #cccccc; --vscode-badge-foreground: #3b3b3b;
  --vscode-list-activeSelectionBackground: #e8e8e8; --vscode-list-activeSelectionForeground: #000000;
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 12px; }
</style>
<script>${shim}</script></head>
<body class="${theme}" data-view="${view === "spend" || view === "eval" ? view : "playground"}"><div id="root"></div><script src="/webview.js"></script></body></html>`;
}

export class WebviewHarness {
  private constructor(
    private readonly server: Server,
    private readonly browser: Browser,
    readonly origin: string,
  ) {}

  /** `webviewJs` serves another bundle in the real one's place (the benchmark's naive baseline). */
  static async start(options: { webviewJs?: string } = {}): Promise<WebviewHarness> {
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    }
    if (!existsSync(join(dist, "webview.js"))) throw new Error("dist/webview.js is missing: run `node esbuild.mjs` first.");
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://x");
      if (url.pathname === "/") {
        response.writeHead(200, { "content-type": "text/html" }).end(page(url.searchParams.get("theme") ?? "vscode-dark", url.searchParams.get("view") ?? "playground"));
      } else if (url.pathname === "/webview.js" || url.pathname === "/webview.css") {
        const type = url.pathname.endsWith(".js") ? "text/javascript" : "text/css";
        const file = url.pathname === "/webview.js" && options.webviewJs ? options.webviewJs : join(dist, url.pathname);
        response.writeHead(200, { "content-type": type }).end(readFileSync(file));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    return new WebviewHarness(server, browser, `http://127.0.0.1:${port}`);
  }

  /** `view` "spend" opens the bundle as Show Spend's report instead of the playground. */
  async open(theme = "vscode-dark", viewport?: { width: number; height: number }, view: "playground" | "spend" | "eval" = "playground"): Promise<WebviewPage> {
    const tab = await this.browser.newPage(viewport ? { viewport } : {});
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto(`${this.origin}/?theme=${theme}&view=${view}`);
    return new WebviewPage(tab, errors);
  }

  /** A playground that said "ready" and was sent `init`, as the host does when the panel opens. */
  async openReady(init: HostMessage, theme = "vscode-dark", viewport?: { width: number; height: number }): Promise<WebviewPage> {
    const view = await this.open(theme, viewport);
    await view.waitForPosted("ready");
    await view.send(init);
    return view;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

export class WebviewPage {
  constructor(
    readonly page: Page,
    readonly errors: string[],
  ) {}

  posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
  }

  /** Delivers a message as the host's postMessage would. */
  send(message: HostMessage | unknown): Promise<void> {
    return this.page.evaluate((data) => window.postMessage(data, "*"), message);
  }

  async waitForPosted(type: WebviewMessage["type"] | SpendViewMessage["type"] | EvalViewMessage["type"]): Promise<WebviewMessage> {
    await this.page.waitForFunction(
      (t) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === t),
      type,
    );
    return (await this.posted()).filter((message) => message.type === type).at(-1)!;
  }
}
