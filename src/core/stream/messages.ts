// Reading normalised messages: their text, their images, and data URLs taken apart for wires that want
// base64 and a media type separately.
import type { ChatMessage, ContentPart } from "./events";

/** The message's text parts joined (images are not text). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

export function contentParts(message: ChatMessage): ContentPart[] {
  return typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
}

export function imageCount(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + contentParts(message).filter((part) => part.type === "image").length, 0);
}

/** `data:image/png;base64,AAAA` -> its media type and base64 payload; undefined for any other URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1]!, data: match[2]! } : undefined;
}

const MEDIA_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp" };

/** The media type an image URL's extension names (image/jpeg when it names none we know). */
export function mediaTypeOfUrl(url: string): string {
  const extension = /\.([a-z]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) || "image/jpeg";
}

export function mediaTypeOfFile(fileName: string): string | undefined {
  return MEDIA_TYPES[fileName.split(".").pop()?.toLowerCase() ?? ""];
}

/** The name of the tool a call id belongs to, from the assistant turns before it (Gemini answers by name). */
export function toolNameFor(messages: readonly ChatMessage[], toolCallId: string): string | undefined {
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    const call = message.toolCalls?.find((candidate) => candidate.id === toolCallId);
    if (call) return call.name;
  }
  return undefined;
}
