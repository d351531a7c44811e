// One object per file for the whole process, made on first use: two spellings of a path (relative,
// with "..") name the same file, so they share it.
import { resolve } from "node:path";

export function onePerFile<T>(make: (file: string) => T): (file: string) => T {
  const made = new Map<string, T>();
  return (file) => {
    const key = resolve(file);
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
