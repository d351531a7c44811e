// Preloaded (node --require) into a short-lived CLI process: at exit it writes the process's peak
// resident memory (kilobytes) to $RSS_PROBE_FILE.
const { writeFileSync } = require("node:fs");

process.on("exit", () => writeFileSync(process.env.RSS_PROBE_FILE, String(process.resourceUsage().maxRSS)));
