// A provider on loopback for the VS Code suite: answers GET /v1/models (checking the key) and streams a
// short OpenAI-compatible answer, recording every request body it receives.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export class LoopbackProvider {
  readonly bodies: string[] = [];
  private constructor(private readonly server: Server, readonly baseUrl: string) {}

  static async start(expectedKey: string): Promise<LoopbackProvider> {
    let self: LoopbackProvider | undefined;
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        self!.bodies.push(body);
        if (request.headers.authorization !== `Bearer ${expectedKey}`) {
          response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${request.headers.authorization ?? "none"}` } }));
          return;
        }
        if (request.method === "GET") {
          if (request.url === "/v1/models") response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "model-a" }, { id: "model-b" }] }));
          else response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `Unknown path ${request.url}` } }));
          return;
        }
        const chunk = (content: string, extra: object = {}) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.end(
          chunk("Loopback ") +
            chunk("answer.") +
            `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 40, completion_tokens: 2, total_tokens: 42 } })}\n\n` +
            "data: [DONE]\n\n",
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new LoopbackProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    return self;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}
