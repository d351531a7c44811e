// Bundles shipped beside the engine (dist/NAME.js) and loaded on first use, so the start-up code stays
// small. Each carries its own copy of the token estimator. OpenAI's exact tokenizer (dist/tokenizer.js,
// 2 MB, about 0.3 s and 60 MB to load, blocking the extension host) is loaded the first time the engine or
// any bundle estimates an OpenAI-family model, then given to all of them; a bundle that serves streams
// side by side (the gateway) loads it when it loads, so the load never stalls a stream in flight.
import * as path from "node:path";

type CountTokens = (text: string) => number;

/** What every side bundle exports for the tokenizer. */
interface TakesTokenizer {
  registerO200kTokenizer(count: CountTokens): void;
  registerO200kTokenizerOnFirstUse(load: () => void): void;
}

export interface SideBundle<T> {
  /** The bundle, loaded now if it was not yet. */
  load(): T;
  /** The bundle if something loaded it already (state queries must not load it). */
  loaded(): T | undefined;
}

export class SideBundles {
  private countTokens: CountTokens | undefined;
  private tokenizerTried = false;
  private readonly all: TakesTokenizer[] = [];

  /** `loadTokenizer` loads the exact tokenizer (undefined if it could not) and registers it with the engine. */
  constructor(
    private readonly distDir: string,
    private readonly loadTokenizer: () => CountTokens | undefined,
  ) {}

  bundle<T extends TakesTokenizer>(name: string, options: { tokenizerAtLoad?: boolean } = {}): SideBundle<T> {
    let bundle: T | undefined;
    return {
      load: () => {
        if (!bundle) {
          bundle = require(path.join(this.distDir, `${name}.js`)) as T;
          if (options.tokenizerAtLoad) this.tokenizerNeeded();
          if (this.countTokens) bundle.registerO200kTokenizer(this.countTokens);
          else bundle.registerO200kTokenizerOnFirstUse(() => this.tokenizerNeeded());
          this.all.push(bundle);
        }
        return bundle;
      },
      loaded: () => bundle,
    };
  }

  /** Whether the exact tokenizer is loaded. */
  get tokenizerLoaded(): boolean {
    return this.countTokens !== undefined;
  }

  /** Loads the exact tokenizer once; every bundle loaded so far uses it, and every one loaded later. */
  tokenizerNeeded(): void {
    if (this.tokenizerTried) return;
    this.tokenizerTried = true;
    this.countTokens = this.loadTokenizer();
    if (this.countTokens) for (const bundle of this.all) bundle.registerO200kTokenizer(this.countTokens);
  }
}
