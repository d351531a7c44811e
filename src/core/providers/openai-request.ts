// The request half of the OpenAI-compatible wire: normalised messages, tools, tool choice and response
// format in Chat Completions' own shapes.
import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice } from "../stream/events";

function openAIMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case "system":
      return { role: "system", content: message.content };
    case "user":
      return {
        role: "user",
        content:
          typeof message.content === "string"
            ? message.content
            : message.content.map((part) => (part.type === "text" ? { type: "text", text: part.text } : { type: "image_url", image_url: { url: part.url } })),
      };
    case "assistant":
      if (!message.toolCalls?.length) return { role: "assistant", content: message.content };
      return {
        role: "assistant",
        content: message.content === "" ? null : message.content,
        tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } })),
      };
    case "tool":
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
  }
}

function openAIToolChoice(choice: ToolChoice): unknown {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}

function openAIResponseFormat(format: ResponseFormat): unknown {
  return format.type === "json" ? { type: "json_object" } : { type: "json_schema", json_schema: { name: format.name, schema: format.schema } };
}

export function openAIRequestBody(request: ChatRequest): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages.map(openAIMessage),
    stream: true,
    stream_options: { include_usage: true },
    ...(request.maxOutputTokens === undefined ? {} : { max_tokens: request.maxOutputTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    ...(request.tools?.length
      ? { tools: request.tools.map((tool) => ({ type: "function", function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters } })) }
      : {}),
    ...(request.toolChoice === undefined ? {} : { tool_choice: openAIToolChoice(request.toolChoice) }),
    ...(request.responseFormat === undefined ? {} : { response_format: openAIResponseFormat(request.responseFormat) }),
    ...(request.reasoningEffort === undefined ? {} : { reasoning_effort: request.reasoningEffort }),
  };
}
