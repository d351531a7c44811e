// What the simulated demo models do with tools, images and JSON output, so every feature can be tried
// offline: call a tool when one is offered, answer from a tool's result, say what images they were shown.
import type { ChatRequest, ToolCall, ToolDefinition } from "../stream/events";
import { imageCount, messageText } from "../stream/messages";

/** A plausible value for a JSON Schema property: the first enum value, else one of its type. */
function sampleValue(schema: Record<string, unknown> | undefined, name: string): unknown {
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema?.type) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return name === "location" || name === "city" ? "San Francisco" : `example ${name}`;
  }
}

function sampleArguments(tool: ToolDefinition): Record<string, unknown> {
  const properties = (tool.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(tool.parameters.required) ? (tool.parameters.required as string[]) : Object.keys(properties);
  return Object.fromEntries(required.map((name) => [name, sampleValue(properties[name], name)]));
}

/** The call a demo model makes: when tools are offered, not refused, and the last turn is the user's. */
export function demoToolCall(request: ChatRequest, callNumber: number): ToolCall | undefined {
  if (!request.tools?.length || request.toolChoice === "none") return undefined;
  if (request.messages.at(-1)?.role !== "user") return undefined;
  const choice = request.toolChoice;
  const tool = typeof choice === "object" ? request.tools.find((candidate) => candidate.name === choice.name) : request.tools[0];
  if (!tool) return undefined;
  return { id: `demo-call-${callNumber}`, name: tool.name, arguments: JSON.stringify(sampleArguments(tool)) };
}

/** The prompt the simulated answer is composed from: the last user text, a tool's result, images seen. */
export function demoPrompt(request: ChatRequest): string {
  const last = request.messages.at(-1);
  if (last?.role === "tool") return `The tool answered: ${last.content.slice(0, 200)}`;
  const lastUser = [...request.messages].reverse().find((message) => message.role === "user");
  const images = lastUser ? imageCount([lastUser]) : 0;
  const text = lastUser ? messageText(lastUser) : "";
  return images > 0 ? `${text}\n\n(${images} image${images === 1 ? "" : "s"} attached: a simulated model does not look at pixels.)` : text;
}

/** JSON output: the simulated answer wrapped in an object, so the result parses. */
export function demoJson(text: string): string {
  return JSON.stringify({ answer: text, simulated: true });
}
