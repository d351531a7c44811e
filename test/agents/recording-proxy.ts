// A loopback proxy in front of the gateway that records what an agent sent, byte for byte, so a test can
// compare it with what reached the provider. It forwards requests and answers unchanged.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  text: string;
}

export class RecordingProxy {
  readonly sent: SentRequest[] = [];

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(target: string): Promise<RecordingProxy> {
    const upstream = new URL(target);
    let self: RecordingProxy | undefined;
    const server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const body = Buffer.concat(chunks);
        self!.sent.push({ method: incoming.method ?? "", url: incoming.url ?? "", headers: incoming.headers, text: body.toString("utf8") });
        const forwarded = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forwarded.on("error", () => outgoing.destroy());
        forwarded.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new RecordingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
