// undici, loaded on the first request rather than at start-up: evaluating it takes ~50 ms, which was
// most of the extension's load time (bench/README.md, activation).
import type * as Undici from "undici";

let undici: typeof Undici | undefined;

export function request(...args: Parameters<typeof Undici.request>): ReturnType<typeof Undici.request> {
  undici ??= require("undici") as typeof Undici;
  return undici.request(...args);
}
