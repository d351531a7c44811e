// Splits a streaming Markdown answer into finished blocks and the one still being written, so finished
// blocks are parsed and rendered once and only the open block changes with each delta.

export interface MarkdownBlocks {
  done: string[];
  open: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export function splitMarkdownBlocks(text: string): MarkdownBlocks {
  const lines = text.split("\n");
  const done: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const isLast = index === lines.length - 1;
    const marker = FENCE.exec(line)?.[1];
    if (fence === null && marker) fence = marker[0]!.repeat(marker.length);
    else if (fence !== null && marker?.startsWith(fence) && line.trim() === marker) {
      current.push(line);
      fence = null;
      if (!isLast) {
        done.push(current.join("\n"));
        current = [];
      }
      return;
    }
    // A blank line outside a code fence ends a block (paragraph, list, heading...).
    if (fence === null && line.trim() === "" && !isLast) {
      if (current.length > 0) done.push(current.join("\n"));
      current = [];
      return;
    }
    current.push(line);
  });
  return { done, open: current.join("\n") };
}
