// Gemini's functionDeclarations.parameters and responseSchema take a documented subset of OpenAPI 3.0's
// Schema, not full JSON Schema: keep the keywords it knows, turn a ["T", "null"] type into nullable and
// const into a one-value enum, and leave out the rest ($schema, additionalProperties, ...).
const KEPT = new Set([
  "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "minProperties", "maxProperties",
  "minLength", "maxLength", "pattern", "example", "default", "minimum", "maximum", "required", "propertyOrdering",
]);

export function toGeminiSchema(schema: unknown): Record<string, unknown> | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return undefined;
  const source = schema as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "type" && Array.isArray(value)) {
      const types = value.filter((type) => type !== "null");
      if (types.length !== value.length) result.nullable = true;
      if (types.length === 1) result.type = types[0];
      else if (types.length > 1) result.anyOf = types.map((type) => ({ type }));
    } else if (key === "const") {
      result.enum = [value];
    } else if (key === "properties" && typeof value === "object" && value !== null) {
      result.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toGeminiSchema(property) ?? {}]));
    } else if (key === "items") {
      const items = toGeminiSchema(value);
      if (items) result.items = items;
    } else if (key === "anyOf" || key === "oneOf") {
      if (Array.isArray(value)) result.anyOf = value.map((option) => toGeminiSchema(option) ?? {});
    } else if (KEPT.has(key)) {
      result[key] = value;
    }
  }
  return result;
}

/** Parameters for a function declaration; an object schema without properties is sent as none at all. */
export function toGeminiParameters(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  const converted = toGeminiSchema(schema);
  if (!converted) return undefined;
  const properties = converted.properties as Record<string, unknown> | undefined;
  if (converted.type === "object" && (!properties || Object.keys(properties).length === 0)) return undefined;
  return converted;
}
