// Starts bench/loopback-server.ts in a child process and returns the base URLs it serves.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface Loopback {
  short: string;
  long: string;
  /** One content chunk: what a request costs apart from its chunks. */
  tiny: string;
  failing: string;
  /** A long Anthropic Messages stream (thinking, then text), for the coding-agent pass-through. */
  anthropic: string;
  stop(): void;
}

export async function startLoopback(): Promise<Loopback> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(__dirname, "loopback-server.ts")], { stdio: ["pipe", "pipe", "inherit"] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the loopback server exited (${code}) before it was ready`)));
  });
  const urls = JSON.parse(firstLine) as Omit<Loopback, "stop">;
  return { ...urls, stop: () => child.kill() };
}
