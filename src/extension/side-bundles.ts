// Bundles shipped beside the engine (dist/NAME.js) and loaded on first use, so the start-up code stays
// small. Each carries its own copy of the token estimator: it gets the exact tokenizer like the engine,
// when it loads if the tokenizer is there already, else once the tokenizer loads.
import * as path from "node:path";

type CountTokens = (text: string) => number;

/** What every side bundle exports for the tokenizer. */
interface TakesTokenizer {
  registerO200kTokenizer(count: CountTokens): void;
}

export interface SideBundle<T> {
  /** The bundle, loaded now if it was not yet. */
  load(): T;
  /** The bundle if something loaded it already (state queries must not load it). */
  loaded(): T | undefined;
}

export class SideBundles {
  private countTokens: CountTokens | undefined;
  private readonly all: TakesTokenizer[] = [];

  constructor(private readonly distDir: string) {}

  bundle<T extends TakesTokenizer>(name: string): SideBundle<T> {
    let bundle: T | undefined;
    return {
      load: () => {
        if (!bundle) {
          bundle = require(path.join(this.distDir, `${name}.js`)) as T;
          if (this.countTokens) bundle.registerO200kTokenizer(this.countTokens);
          this.all.push(bundle);
        }
        return bundle;
      },
      loaded: () => bundle,
    };
  }

  /** The exact tokenizer arrived: every bundle loaded so far uses it, and every one loaded later. */
  tokenizerLoaded(count: CountTokens): void {
    this.countTokens = count;
    for (const bundle of this.all) bundle.registerO200kTokenizer(count);
  }
}
