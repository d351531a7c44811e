// The gateways the benchmark compares, each in its own process in front of the same loopback provider:
// Switchboard's (`switchboard serve`), Portkey's (@portkey-ai/gateway, pinned in bench/peers/portkey) and
// a minimal pass-through proxy that only copies bytes: the floor any separate-process hop costs.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Loopback } from "./loopback";
import { installPeer } from "./peer-install";

export interface GatewayProcess {
  name: string;
  child: ChildProcess;
  /** The OpenAI base URL clients use. */
  baseURL: string;
  /** The model name and headers a client sends through this gateway. */
  model: string;
  headers: Record<string, string>;
}

export const BENCH_TOKEN = "sb-bench-gateway-token";

/** The first capture of the first stdout line that matches (the line a server prints once it listens). */
export function firstLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = pattern.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`a benchmark gateway exited (${code}) before it listened`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startSwitchboard(loopback: Loopback): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-gateway-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ providers: [{ id: "loop", kind: "openai-compatible", baseUrl: `${loopback.short}/v1`, local: true }], models: [{ id: "loop/m", pricing: { input: 1, output: 2 } }] }));
  const cli = join(__dirname, "..", "dist", "cli.js");
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--config", config, "--ledger", join(dir, "ledger.jsonl")], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, SWITCHBOARD_GATEWAY_TOKEN: BENCH_TOKEN },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await firstLine(child, /listening on (http:\S+)/);
  return { name: "switchboard", child, baseURL: `${url}/v1`, model: "loop/m", headers: {} };
}

/**
 * Portkey's open-source gateway as its README runs it, with the loopback provider as an OpenAI custom host.
 * @hono/node-server is pinned to 1.13.8 in the peer's package.json: with the 1.14+ that Portkey 1.15.2
 * otherwise resolves, every streamed request fails with "TypeError: immutable" (it appends headers to the
 * upstream fetch Response), on Node 20 and 24 alike.
 */
export async function startPortkey(loopback: Loopback): Promise<GatewayProcess> {
  const dir = installPeer("portkey");
  const port = await freePort();
  const server = join(dir, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
  const child = spawn(process.execPath, [server, `--port=${port}`, "--headless"], { cwd: dir, env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" }, stdio: ["ignore", "pipe", "inherit"] });
  await firstLine(child, /(Ready for connections)/);
  return { name: "portkey", child, baseURL: `http://127.0.0.1:${port}/v1`, model: "m", headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": `${loopback.short}/v1` } };
}

/**
 * A minimal proxy's source, the physical floor a gateway is judged against: it copies the request (model
 * rewritten, the named client headers forwarded) to the provider's `path` and its bytes back, sending
 * each read at once.
 */
export function minimalProxySource(path: string, model: string, forwardedHeaders: readonly string[] = []): string {
  const headers = ['"content-type": "application/json"', ...forwardedHeaders.map((name) => `"${name}": req.headers["${name}"]`)].join(", ");
  return `
const http = require("node:http");
const { request } = require("undici");
const upstream = process.argv[1];
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  body.model = "${model}";
  const answer = await request(upstream + "${path}", { method: "POST", headers: { ${headers} }, body: JSON.stringify(body) });
  res.writeHead(answer.statusCode, { "content-type": answer.headers["content-type"] });
  for await (const chunk of answer.body) { res.write(chunk); res.socket.uncork(); }
  res.end();
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`;
}

export async function startMinimalProxy(loopback: Loopback): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ["-e", minimalProxySource("/v1/chat/completions", "m"), loopback.short], { cwd: join(__dirname, ".."), stdio: ["ignore", "pipe", "inherit"] });
  const url = await firstLine(child, /listening on (http:\S+)/);
  return { name: "minimal proxy", child, baseURL: `${url}/v1`, model: "m", headers: {} };
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}
