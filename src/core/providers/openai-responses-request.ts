// The request half of OpenAI's Responses wire: normalised messages as input items (calls and their outputs
// tied by call_id), tools, tool choice, response format and reasoning effort in the Responses API's shapes.
import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice } from "../stream/events";

/** A normalised call of a custom (free-text) tool carries its text as {"input": "…"}. */
export const CUSTOM_TOOL_INPUT = "input";

function inputItems(message: ChatMessage): Array<Record<string, unknown>> {
  switch (message.role) {
    case "system":
      return [{ type: "message", role: "system", content: message.content }];
    case "user":
      return [
        {
          type: "message",
          role: "user",
          content:
            typeof message.content === "string"
              ? message.content
              : message.content.map((part) => (part.type === "text" ? { type: "input_text", text: part.text } : { type: "input_image", image_url: part.url })),
        },
      ];
    case "assistant":
      return [
        ...(message.content ? [{ type: "message", role: "assistant", content: message.content }] : []),
        ...(message.toolCalls ?? []).map((call) => ({ type: "function_call", call_id: call.id, name: call.name, arguments: call.arguments })),
      ];
    case "tool":
      return [{ type: "function_call_output", call_id: message.toolCallId, output: message.content }];
  }
}

function responsesToolChoice(choice: ToolChoice): unknown {
  return typeof choice === "string" ? choice : { type: "function", name: choice.name };
}

function responsesTextFormat(format: ResponseFormat): unknown {
  return format.type === "json" ? { type: "json_object" } : { type: "json_schema", name: format.name, schema: format.schema };
}

export function responsesRequestBody(request: ChatRequest): Record<string, unknown> {
  return {
    model: request.model,
    input: request.messages.flatMap(inputItems),
    stream: true,
    // Switchboard keeps no server-side state with the provider: every request carries its whole input.
    store: false,
    ...(request.maxOutputTokens === undefined ? {} : { max_output_tokens: request.maxOutputTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    ...(request.tools?.length
      ? { tools: request.tools.map((tool) => ({ type: "function", name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters, strict: false })) }
      : {}),
    ...(request.toolChoice === undefined ? {} : { tool_choice: responsesToolChoice(request.toolChoice) }),
    ...(request.responseFormat === undefined ? {} : { text: { format: responsesTextFormat(request.responseFormat) } }),
    ...(request.reasoningEffort === undefined ? {} : { reasoning: { effort: request.reasoningEffort } }),
  };
}
