// Streamed deltas arrive up to 200 times a second (four columns at 50 chunks/s). Rendering each one
// costs a React pass and a Markdown render of the open block; users cannot see more than a frame's
// worth, so deltas are applied together at most every FLUSH_MS. Any other message flushes at once, in
// order, so a status change or an error is never held back behind deltas.
const FLUSH_MS = 50;

export function createMessageBatcher<T extends { type: string }>(apply: (messages: T[]) => void, flushMs = FLUSH_MS) {
  let queue: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const messages = queue;
    queue = [];
    if (messages.length > 0) apply(messages);
  };
  return {
    push(message: T): void {
      queue.push(message);
      if (message.type !== "column-delta") flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    dispose(): void {
      if (timer !== undefined) clearTimeout(timer);
      queue = [];
    },
  };
}
