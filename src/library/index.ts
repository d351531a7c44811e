// Switchboard as a library: `import { createRouter } from "switchboard"`. The public surface is these
// exports and the types in types.ts; nothing of VS Code is reachable from here.
export { createRouter } from "./router";
export { AllFallbacksFailedError, BudgetError, ConfigError, type FailedAttempt, NoRouteError, PolicyError, ProviderError, SwitchboardError } from "./errors";
export type * from "./types";
