// A value built the first time it is asked for, then kept: for schemas and tables that only some paths
// use, so they cost nothing at load (every VS Code start evaluates the engine bundle).
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
