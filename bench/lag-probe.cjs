// Preloaded (node --require) into a benchmark's gateway process: that process's own event-loop delay.
// On SIGUSR2 it writes {"maxMs", "p99Ms"} since the previous signal to $LAG_PROBE_FILE and starts afresh.
const { writeFileSync } = require("node:fs");
const { monitorEventLoopDelay } = require("node:perf_hooks");

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
process.on("SIGUSR2", () => {
  const figures = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, at: Date.now() };
  histogram.reset();
  writeFileSync(process.env.LAG_PROBE_FILE, JSON.stringify(figures));
});
