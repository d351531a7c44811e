// zod's tree-shakable build ("zod/mini") with English messages. The full build was about 100 KB of the
// extension's 210 KB bundle and most of its load time at activation (bench/README.md). Schemas import
// `* as z` from here (never a re-exported namespace object, which would keep every export and locale).
import { config, type core } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export * from "zod/mini";
export type ZodError = core.$ZodError;
