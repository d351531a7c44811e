// Money as users read it. Pure: the extension host, the CLI and the webview all import it.

/** $0.0123 style: enough decimals that a sub-cent call is not shown as $0.00. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0.00";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(6)}`;
}
