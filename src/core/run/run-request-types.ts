// The types a face needs to build a pipeline request, in one place.
export type { ChatMessage, ContentPart, ErrorKind, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from "../stream/events";
export type { RequestParameters } from "./run-request";
