// Whether the OTLP collector cannot be reached at all (nothing listens, no such host). The exporter retries
// such errors until its timeout, so without this a short command would wait its whole exit flush for a
// collector that is down; a slow collector accepts the connection and keeps the full wait.
import { connect } from "node:net";

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

/** Why the collector at `url` cannot be reached, or undefined when it accepts connections (or did not answer within `timeoutMs`). */
export function collectorUnreachable(url: string, timeoutMs = 500): Promise<string | undefined> {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname.replace(/^\[|\]$/g, ""), port });
    const settle = (reason: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => settle(undefined), timeoutMs);
    timer.unref();
    socket.once("connect", () => settle(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(UNREACHABLE[error.code ?? ""]));
  });
}
