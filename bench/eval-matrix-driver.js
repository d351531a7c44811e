// Runs inside the benchmark page (read as text): streams an eval run into the prompt file matrix as the
// host posts it — four cells at a time, each a few streaming updates then its result — and counts long
// tasks meanwhile.
async ({ rows, models, updates, intervalMs }) => {
  const durations = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: "longtask" });
  window.postMessage({ type: "eval-started", models }, "*");
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const cells = [];
  for (let row = 0; row < rows; row++) for (const model of models) cells.push({ row, model });
  const worker = async () => {
    for (let next = cells.shift(); next; next = cells.shift()) {
      let text = "";
      for (let update = 0; update < updates; update++) {
        text += `Summary - part ${update} of the answer for row ${next.row}. `;
        window.postMessage({ type: "eval-cell", cell: { ...next, status: "streaming", text, pass: false, checks: [], costUsd: null, ttftMs: null, durationMs: 0, inputTokens: 0, outputTokens: 0 } }, "*");
        await sleep(intervalMs);
      }
      const pass = next.row % 3 !== 0;
      window.postMessage(
        { type: "eval-cell", cell: { ...next, status: "done", text, pass, checks: [{ name: "starts with Summary -", pass, detail: "" }], costUsd: 0.0001, ttftMs: 120, durationMs: 900, inputTokens: 40, outputTokens: 60 } },
        "*",
      );
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  window.postMessage({ type: "eval-done", judgeCostUsd: 0, notRun: 0, skippedEvaluators: [] }, "*");
  await sleep(1000);
  observer.disconnect();
  return durations.filter((duration) => duration > 50).length;
}
