// How long Switchboard's activation took, as the extension host ran it: evaluating the entry bundle
// (esbuild's banner and footer record its first and last statement) plus activate() until it returned.
// Shown in the log and read by the benchmark.
declare const __switchboardLoadStart: number | undefined;
declare const __switchboardLoadEnd: number | undefined;

export interface ActivationTiming {
  /** Evaluating the entry bundle (the extension host then calls activate()). */
  loadMs: number;
  activateMs: number;
  totalMs: number;
  /** The engine was loaded from V8's code cache (engine-loader.ts): every start after the first. */
  codeCacheUsed?: boolean;
}

export function startActivationTimer(): () => ActivationTiming {
  const activateStart = performance.now();
  const loadMs = typeof __switchboardLoadStart === "number" && typeof __switchboardLoadEnd === "number" ? __switchboardLoadEnd - __switchboardLoadStart : 0;
  return () => {
    const activateMs = performance.now() - activateStart;
    return { loadMs, activateMs, totalMs: loadMs + activateMs };
  };
}
