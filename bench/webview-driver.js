// Runs inside the benchmark page (read as text, so no build step touches it): streams the tokens into
// every column as column-delta messages at a fixed pace and counts long tasks meanwhile.
async ({ tokens, columns, intervalMs }) => {
  const durations = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: "longtask" });
  const streamColumn = (column) =>
    new Promise((resolve) => {
      let sent = 0;
      const tick = () => {
        sent += 1;
        const last = sent === tokens.length;
        window.postMessage(
          {
            type: "column-delta", columnId: `c${column + 1}`, text: tokens[sent - 1], reasoning: "", status: last ? "done" : "streaming", error: null, sessionCostUsd: sent * 4e-6,
            stats: { inputTokens: 182, outputTokens: sent, cachedInputTokens: 0, costUsd: sent * 1e-6, exact: last, ttftMs: 300, tokensPerSecond: 50 },
          },
          "*",
        );
        if (last) resolve();
        else setTimeout(tick, intervalMs);
      };
      // Columns start a few ms apart, as separate streams do.
      setTimeout(tick, column * 5);
    });
  await Promise.all(Array.from({ length: columns }, (_, column) => streamColumn(column)));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  observer.disconnect();
  return durations.filter((duration) => duration > 50).length;
}
