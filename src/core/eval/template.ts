// {{variable}} placeholders, filled from a testData row as `gh models eval` fills them: every key of the
// row, its value as text; a placeholder the row does not name stays as it is.
export type Row = Record<string, unknown>;

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function fillTemplate(template: string, row: Row): string {
  let result = template;
  for (const [key, value] of Object.entries(row)) result = result.split(`{{${key}}}`).join(asText(value));
  return result;
}
