// Where a "FILE:LINE:COL: message" problem points, for views that take the user there.

export interface ProblemPosition {
  /** 1-based, as the problem says it. */
  line: number;
  column: number;
  /** The problem without its file and position. */
  message: string;
}

export function problemPosition(problem: string): ProblemPosition | undefined {
  const match = /:(\d+):(\d+): /.exec(problem);
  if (!match) return undefined;
  return { line: Number(match[1]), column: Number(match[2]), message: problem.slice(match.index + match[0].length) };
}
