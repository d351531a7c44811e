// What can go wrong in a library call, as classes to catch by kind. Each message says what the CLI says.

export interface FailedAttempt {
  model: string;
  outcome: string;
  status: number | null;
  reason: string;
}

export class SwitchboardError extends Error {
  constructor(
    message: string,
    /** policy, budget, no-route, config, or the provider's error kind (rate-limit, auth, timeout, …). */
    readonly kind: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Options, a config or a policy file that cannot be used: fix the call or the file. */
export class ConfigError extends SwitchboardError {
  constructor(message: string) {
    super(message, "config");
  }
}

/** No model could be tried: unknown names, every candidate excluded (price cap, data policy, capabilities), or no key. */
export class NoRouteError extends SwitchboardError {
  constructor(
    message: string,
    /** Each model left out, with why. */
    readonly excluded: ReadonlyArray<{ model: string; reason: string }>,
  ) {
    super(message, "no-route");
  }
}

/** The team policy refuses the request (its allowed providers or models, or a rule such as required telemetry). */
export class PolicyError extends SwitchboardError {
  constructor(
    message: string,
    /** Each model the policy left out, with why. */
    readonly excluded: ReadonlyArray<{ model: string; reason: string }> = [],
  ) {
    super(message, "policy");
  }
}

/** A budget (config or team policy) would be exceeded: nothing was sent. */
export class BudgetError extends SwitchboardError {
  constructor(message: string) {
    super(message, "budget");
  }
}

/** The one model tried failed (after it was sent). */
export class ProviderError extends SwitchboardError {
  constructor(
    message: string,
    kind: string,
    readonly status: number | null,
    readonly attempts: readonly FailedAttempt[],
    /** Text that arrived before the failure. */
    readonly partialText: string,
  ) {
    super(message, kind);
  }
}

/** Every model of the chain was tried and failed; `attempts` says how each one did. */
export class AllFallbacksFailedError extends SwitchboardError {
  constructor(
    message: string,
    kind: string,
    readonly attempts: readonly FailedAttempt[],
    readonly partialText: string,
  ) {
    super(message, kind);
  }
}
