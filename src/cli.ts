// `switchboard`: the same core as the extension, headless, for scripts, CI and benchmarks.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CHAT_USAGE, chatCommand } from "./cli/chat-command";
import { COMPARE_USAGE, compareCommand } from "./cli/compare-command";
import { EVAL_USAGE, evalCommand } from "./cli/eval-command";
import { MODELS_USAGE, modelsCommand } from "./cli/models-command";
import { POLICY_USAGE, policyCommand } from "./cli/policy-command";
import { SERVE_USAGE, serveCommand } from "./cli/serve-command";
import { ledgerCommand, SPEND_USAGE, spendCommand, VERIFY_USAGE } from "./cli/spend-command";
import { TEAM_USAGE, teamCommand } from "./cli/team-command";
import { finishCliTelemetry } from "./cli/cli-telemetry";
import { UsageError } from "./cli/usage-error";
import { redactSecrets } from "./core/providers/redact";
import { registerO200kTokenizer, registerO200kTokenizerOnFirstUse } from "./core/spend/estimate";

const USAGE = `Usage:
  ${CHAT_USAGE}
  ${COMPARE_USAGE}
  ${EVAL_USAGE}
  ${MODELS_USAGE}
  ${SERVE_USAGE}
  ${SPEND_USAGE}
  ${VERIFY_USAGE}
  ${POLICY_USAGE}
  ${TEAM_USAGE}
  switchboard --version

Keys come only from each provider's environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...).`;

/** Each command's own usage, for `switchboard COMMAND --help`. */
const COMMAND_USAGE: Record<string, string> = {
  chat: CHAT_USAGE,
  compare: COMPARE_USAGE,
  eval: EVAL_USAGE,
  models: MODELS_USAGE,
  serve: SERVE_USAGE,
  spend: SPEND_USAGE,
  ledger: VERIFY_USAGE,
  policy: POLICY_USAGE,
  team: TEAM_USAGE,
};

/**
 * The commands that send requests estimate each one first, OpenAI-family models exactly with the o200k_base
 * tokenizer. Loading it takes about 0.3 s and 60 MB, so the commands that send nothing (spend, ledger,
 * models, policy, team, help) start without it, and `chat` loads it only for an OpenAI-family model (its
 * whole route is planned before anything is sent). Those that run requests side by side load it at start,
 * so the load never stalls a stream in flight (and its measured speed).
 */
const TOKENIZER_AT_START = new Set(["compare", "eval", "serve"]);

/**
 * The build's own copy beside this bundle (dist/tokenizer.js, also the extension's), so the CLI's file,
 * parsed by every command, does not carry its 2 MB; from source (tests), the module. If neither loads,
 * estimates stay at ~4 characters a token, as the extension does, and the user is told.
 */
function loadOpenAITokenizer(stderr: NodeJS.WritableStream): void {
  const built = join(__dirname, "tokenizer.js");
  try {
    if (existsSync(built)) registerO200kTokenizer((require(built) as { countTokens: (text: string) => number }).countTokens);
    else require(join(__dirname, "core", "spend", "openai-tokenizer"));
  } catch (error) {
    stderr.write(`switchboard: the OpenAI tokenizer did not load (${error instanceof Error ? error.message : String(error)}); estimates use ~4 characters a token.\n`);
  }
}

export async function main(argv: string[], io = { env: process.env, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  const usage = command === undefined ? undefined : COMMAND_USAGE[command];
  if (usage && (rest.includes("--help") || rest.includes("-h"))) {
    io.stdout.write(`Usage:\n  ${usage}\n`);
    return 0;
  }
  if (command === "chat") registerO200kTokenizerOnFirstUse(() => loadOpenAITokenizer(io.stderr));
  else if (command !== undefined && TOKENIZER_AT_START.has(command)) loadOpenAITokenizer(io.stderr);
  try {
    switch (command) {
      case "chat":
        return await chatCommand(rest, io);
      case "compare":
        return await compareCommand(rest, io);
      case "eval":
        return await evalCommand(rest, io);
      case "models":
        return await modelsCommand(rest, io);
      case "serve":
        return await serveCommand(rest, io);
      case "spend":
        return await spendCommand(rest, io);
      case "ledger":
        return await ledgerCommand(rest, io);
      case "team":
        return await teamCommand(rest, io);
      case "policy":
        return policyCommand(rest, io);
      case "--version":
        io.stdout.write(`${process.env.SWITCHBOARD_VERSION}\n`);
        return 0;
      case "--help":
      case "-h":
      case "help":
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case undefined:
        io.stderr.write(`${USAGE}\n`);
        return 2;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    // Flag and config mistakes (ours or parseArgs'): one line naming what to fix, exit 2. No stack.
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    const isUsage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
    io.stderr.write(`switchboard: ${message}\n`);
    return isUsage ? 2 : 1;
  }
}

if (require.main === module) {
  // `switchboard models | head`: a reader that hangs up early is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  main(process.argv.slice(2)).then(async (code) => {
    process.exitCode = code;
    // A collector that is slow must not hold the command: past the flush limit, exit without it.
    if (!(await finishCliTelemetry())) process.exit(code);
  });
}
