// How long Switchboard took to start, as the extension host ran it: evaluating the bundle (esbuild's
// banner and footer record its first and last line) plus activate() until its promise resolved, with
// the steps inside activate() named. Shown in the log and read by the benchmark.
declare const __switchboardLoadStart: number | undefined;
declare const __switchboardLoadEnd: number | undefined;

export interface ActivationTiming {
  /** Evaluating the bundle's modules (the extension host then calls activate()). */
  loadMs: number;
  /** activate() itself, until its promise resolved. */
  activateMs: number;
  totalMs: number;
  /** activate()'s steps, in ms, in order. */
  steps: Record<string, number>;
}

export interface ActivationTimer {
  step(name: string): void;
  done(): ActivationTiming;
}

export function startActivationTimer(): ActivationTimer {
  const activateStart = performance.now();
  let last = activateStart;
  const steps: Record<string, number> = {};
  const loadMs = typeof __switchboardLoadStart === "number" && typeof __switchboardLoadEnd === "number" ? __switchboardLoadEnd - __switchboardLoadStart : 0;
  return {
    step(name) {
      const now = performance.now();
      steps[name] = now - last;
      last = now;
    },
    done() {
      const activateMs = performance.now() - activateStart;
      return { loadMs, activateMs, totalMs: loadMs + activateMs, steps };
    },
  };
}
