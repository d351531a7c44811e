// Runs a prompt file's matrix: every testData row × every model, each cell one request through the one
// pipeline (feature "eval"; judges "eval-judge"), a bounded number at a time. A budget refusal stops the
// run: nothing more is sent, and what ran is summed up.
import { randomUUID } from "node:crypto";
import { bulkhead } from "cockatiel";
import { type ModelSummary, summarizeModels } from "../../common/eval-summary";
import { type PipelineDeps, runRequest } from "../run/run-request";
import { splitModelId } from "../catalog/model-info";
import { picoToUsd } from "../spend/cost";
import { EVAL_RESULT_FEATURE } from "../spend/ledger-record";
import type { ChatMessage, ResponseFormat, Usage } from "../stream/events";
import { messageText } from "../stream/messages";
import { type CheckResult, judgePrompt, judgeVerdict, llmVerdict, localCheck, stringCheck } from "./checks";
import { type PromptFile, parseJsonSchemaField } from "./prompt-file";
import { fillTemplate, type Row } from "./template";

export interface CellResult {
  /** 0-based index in testData. */
  row: number;
  model: string;
  text: string;
  pass: boolean;
  checks: CheckResult[];
  usage: Usage | null;
  /** The answer's cost (null: the model has no known price); judges' costs are counted apart. */
  costUsd: number | null;
  ttftMs: number | null;
  durationMs: number;
  /** Why no answer came (the provider's error, a policy refusal). */
  error?: string;
}


export type { ModelSummary };

export interface EvalSummary {
  models: ModelSummary[];
  /** What the judges' calls cost, apart from the answers'. */
  judgeCostUsd: number;
  /** Set when the run stopped early: "max-cost" (the --max-cost limit) or "budget" (a configured budget). */
  stopped?: "max-cost" | "budget";
  stoppedReason?: string;
  /** Cells not sent because the run stopped. */
  notRun: number;
  /** gh evaluators Switchboard does not run (`uses: github/…`), by name. */
  skippedEvaluators: string[];
}

export interface EvalOptions {
  file: PromptFile;
  models: readonly string[];
  concurrency: number;
  project: string | null;
  /** The pipeline for each request (budgets, ledger, telemetry). */
  pipeline: () => PipelineDeps;
  /** A judge model id as the file names it (gh's modelId), as Switchboard knows it. */
  resolveModel(id: string): string;
  /** The label of the budget scope that stands for --max-cost (its refusal is "max-cost"). */
  maxCostScope?: string;
  onCell?(cell: CellResult, done: number, total: number): void;
  /** A cell was sent, and its answer so far as it streams (for a live view). */
  onCellStart?(row: number, model: string): void;
  onCellText?(row: number, model: string, text: string): void;
  signal?: AbortSignal;
}

/** gh's responseFormat as Switchboard's. */
function responseFormatOf(file: PromptFile): ResponseFormat | undefined {
  if (file.responseFormat === "json_object") return { type: "json" };
  if (file.responseFormat === "json_schema" && file.jsonSchema) {
    const parsed = parseJsonSchemaField(file.jsonSchema);
    if (typeof parsed !== "string") return { type: "json-schema", name: parsed.name, schema: parsed.schema };
  }
  return undefined;
}

/** The file's testData rows; a file without any runs its messages once, as one empty row. */
export function promptRows(file: PromptFile): Row[] {
  return file.testData && file.testData.length > 0 ? file.testData : [{}];
}

export function rowMessages(file: PromptFile, row: Row): ChatMessage[] {
  return file.messages.map((message) => ({ role: message.role, content: fillTemplate(message.content, row) }));
}

export async function runEval(options: EvalOptions): Promise<{ cells: CellResult[]; summary: EvalSummary }> {
  const { file } = options;
  const rows = promptRows(file);
  const total = rows.length * options.models.length;
  const limiter = bulkhead(Math.max(1, options.concurrency), Number.POSITIVE_INFINITY);
  const cells: CellResult[] = [];
  const signal = options.signal ?? new AbortController().signal;
  let judgePico = 0n;
  let stopped: EvalSummary["stopped"];
  let stoppedReason: string | undefined;
  const parameters = {
    ...(file.modelParameters?.maxTokens === undefined ? {} : { maxOutputTokens: file.modelParameters.maxTokens }),
    ...(file.modelParameters?.temperature === undefined ? {} : { temperature: file.modelParameters.temperature }),
    ...(file.modelParameters?.topP === undefined ? {} : { topP: file.modelParameters.topP }),
  };
  const responseFormat = responseFormatOf(file);

  const stop = (message: string) => {
    if (stopped) return;
    stopped = options.maxCostScope && message.includes(options.maxCostScope) ? "max-cost" : "budget";
    stoppedReason = message;
  };

  /** One judge call; its cost is the judges', apart from the answer's. */
  async function judge(model: string, messages: ChatMessage[]): Promise<{ text: string } | { error: string }> {
    const outcome = await runRequest(
      { requestId: randomUUID(), project: options.project, feature: "eval-judge", routing: { model: options.resolveModel(model), maxAttempts: 1 }, messages, temperature: 0, maxOutputTokens: 300, signal },
      options.pipeline(),
    );
    if (outcome.kind === "refused") {
      if (outcome.error.kind === "budget") stop(outcome.error.message);
      return { error: outcome.error.message };
    }
    judgePico += outcome.costPicoUsd;
    const final = outcome.execution.final;
    return final?.outcome === "ok" ? { text: final.state.text } : { error: final?.state.error?.message ?? "the judge did not answer" };
  }

  /** The cell's verdict in the ledger: the user's own evidence of each model's quality (routing reads it). */
  async function recordResult(model: string, rowIndex: number, checks: CheckResult[], pass: boolean): Promise<void> {
    const { provider, model: name } = splitModelId(model);
    const pipeline = options.pipeline();
    await pipeline.ledger?.append({
      time: new Date().toISOString(),
      requestId: randomUUID(),
      attempt: 1,
      project: options.project,
      feature: EVAL_RESULT_FEATURE,
      provider,
      model: name,
      routingReason: `prompt file ${file.name ?? "(unnamed)"} row ${rowIndex + 1}: ${checks.filter((check) => check.pass).length} of ${checks.length} checks passed`,
      outcome: pass ? "pass" : "fail",
      status: null,
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      costUsd: 0,
      priceSource: pipeline.priceSource,
      ttftMs: null,
      durationMs: 0,
    });
  }

  async function runCell(rowIndex: number, model: string): Promise<CellResult | undefined> {
    if (stopped || signal.aborted) return undefined;
    const row = rows[rowIndex]!;
    const messages = rowMessages(file, row);
    options.onCellStart?.(rowIndex, model);
    const onCellText = options.onCellText;
    const outcome = await runRequest(
      {
        requestId: randomUUID(),
        project: options.project,
        feature: "eval",
        routing: { model, maxAttempts: 1 },
        messages,
        ...parameters,
        ...(responseFormat ? { responseFormat } : {}),
        signal,
        ...(onCellText ? { onEvent: (event, _attempt, state) => (event.type === "text-delta" ? onCellText(rowIndex, model, state.text) : undefined) } : {}),
      },
      options.pipeline(),
    );
    const base = { row: rowIndex, model, usage: null, costUsd: 0, ttftMs: null, durationMs: 0, checks: [] as CheckResult[] };
    if (outcome.kind === "refused") {
      if (outcome.error.kind === "budget") {
        stop(outcome.error.message);
        return undefined;
      }
      return { ...base, text: "", pass: false, error: outcome.error.message };
    }
    const final = outcome.execution.final;
    const unpriced = final?.costSource === "unpriced";
    const answered = {
      ...base,
      usage: final?.usage ?? null,
      costUsd: unpriced ? null : picoToUsd(outcome.costPicoUsd),
      ttftMs: final?.ttftMs === null || final?.ttftMs === undefined ? null : Math.round(final.ttftMs),
      durationMs: Math.round(final?.durationMs ?? 0),
    };
    if (final?.outcome !== "ok") return { ...answered, text: final?.state.text ?? "", pass: false, error: final?.state.error?.message ?? (outcome.execution.skipped.map((skip) => skip.reason).join("; ") || "no answer") };
    // gh compares the trimmed answer.
    const text = final.state.text.trim();
    const checks: CheckResult[] = [];
    for (const evaluator of file.evaluators ?? []) {
      if (evaluator.string) checks.push(stringCheck(evaluator, row, text));
      else if (evaluator.llm) {
        const llm = evaluator.llm;
        const prompt = fillTemplate(llm.prompt, { ...row, completion: text });
        const verdict = await judge(llm.modelId, [...(llm.systemPrompt ? [{ role: "system" as const, content: llm.systemPrompt }] : []), { role: "user", content: prompt }]);
        checks.push("error" in verdict ? { name: evaluator.name, pass: false, detail: `the judge failed: ${verdict.error}` } : llmVerdict(evaluator, verdict.text));
      }
    }
    for (const evaluator of file.switchboard?.evaluators ?? []) {
      const local = localCheck(evaluator, { text, costUsd: answered.costUsd, durationMs: answered.durationMs });
      if (local) {
        checks.push(local);
        continue;
      }
      const rubric = evaluator["llm-judge"]!;
      const request = messages.map((message) => `${message.role}: ${messageText(message)}`).join("\n");
      const verdict = await judge(rubric.model, [{ role: "user", content: judgePrompt(rubric.rubric, row, request, text) }]);
      checks.push("error" in verdict ? { name: evaluator.name, pass: false, detail: `the judge failed: ${verdict.error}` } : judgeVerdict(evaluator, verdict.text));
    }
    const pass = checks.every((check) => check.pass);
    if (checks.length > 0) await recordResult(model, rowIndex, checks, pass);
    return { ...answered, text, checks, pass };
  }

  const jobs: Array<Promise<void>> = [];
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    for (const model of options.models) {
      jobs.push(
        limiter.execute(async () => {
          const cell = await runCell(rowIndex, model);
          if (!cell) return;
          cells.push(cell);
          options.onCell?.(cell, cells.length, total);
        }),
      );
    }
  }
  await Promise.all(jobs);
  cells.sort((a, b) => a.row - b.row || options.models.indexOf(a.model) - options.models.indexOf(b.model));

  const models = summarizeModels(cells, options.models);
  const skippedEvaluators = (file.evaluators ?? []).filter((evaluator) => evaluator.uses !== undefined).map((evaluator) => `${evaluator.name} (${evaluator.uses})`);
  return {
    cells,
    summary: { models, judgeCostUsd: picoToUsd(judgePico), ...(stopped ? { stopped, stoppedReason } : {}), notRun: total - cells.length, skippedEvaluators },
  };
}
