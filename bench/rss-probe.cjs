// Preloaded (node --require) into a short-lived CLI process: at exit it writes the process's peak
// resident memory (kilobytes) to $RSS_PROBE_FILE. Linux's VmHWM, which is this program's own:
// process.resourceUsage().maxRSS keeps the parent's peak across fork and exec (the benchmark's own size).
const { readFileSync, writeFileSync } = require("node:fs");

process.on("exit", () => {
  const peak = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
  if (!peak) throw new Error("no VmHWM in /proc/self/status (this measure needs Linux)");
  writeFileSync(process.env.RSS_PROBE_FILE, peak[1]);
});
