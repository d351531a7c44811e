// What the simulated demo models do with tools, images and JSON output, so every feature can be tried
// offline: call a tool the prompt asks about, answer from a tool's result, say what images they were shown.
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

/** The words of a tool's name: get_weather, getWeather and get-weather all give "get", "weather". */
function nameWords(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 2 && word !== "get" && word !== "set");
}

/** The tool the prompt asks about: one whose name's words appear in it. */
function relevantTool(tools: readonly ToolDefinition[], prompt: string): ToolDefinition | undefined {
  const text = prompt.toLowerCase();
  return tools.find((tool) => nameWords(tool.name).some((word) => text.includes(word)));
}

/**
 * The call a demo model makes when the last turn is the user's: the tool a forced choice names, the
 * first tool when one is required, else a tool the prompt mentions; none when tools are refused.
 */
export function demoToolCall(request: ChatRequest, callNumber: number): ToolCall | undefined {
  if (!request.tools?.length || request.toolChoice === "none") return undefined;
  const last = request.messages.at(-1);
  if (last?.role !== "user") return undefined;
  const choice = request.toolChoice;
  const tool =
    typeof choice === "object"
      ? request.tools.find((candidate) => candidate.name === choice.name)
      : choice === "required"
        ? request.tools[0]
        : relevantTool(request.tools, messageText(last));
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
