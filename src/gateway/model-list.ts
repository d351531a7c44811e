// GET /v1/models: the models this user can call, shaped like OpenRouter's list (prices in USD per token
// as decimal strings, converted from USD per 1M with no float maths).
import type { ModelInfo } from "../core/catalog/model-info";

/** 2.5 (USD per 1M tokens, at most 6 decimals) -> "0.0000025" (USD per token). */
export function perTokenPrice(usdPerMillion: number): string {
  const micro = BigInt(Math.round(usdPerMillion * 1e6)); // = pico-USD per token
  const digits = micro.toString().padStart(13, "0");
  const whole = digits.slice(0, -12).replace(/^0+(?=\d)/, "");
  const fraction = digits.slice(-12).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

export function modelList(models: readonly ModelInfo[]): unknown {
  return {
    object: "list",
    data: models.map((model) => ({
      id: model.id,
      object: "model",
      owned_by: model.id.split("/")[0],
      name: model.displayName,
      context_length: model.contextWindow,
      pricing: {
        prompt: perTokenPrice(model.pricing.input),
        completion: perTokenPrice(model.pricing.output),
        ...(model.pricing.cachedInput === undefined ? {} : { input_cache_read: perTokenPrice(model.pricing.cachedInput) }),
        ...(model.pricing.cacheWrite === undefined ? {} : { input_cache_write: perTokenPrice(model.pricing.cacheWrite) }),
        ...(model.pricing.reasoningOutput === undefined ? {} : { internal_reasoning: perTokenPrice(model.pricing.reasoningOutput) }),
        ...(model.pricing.perRequest === undefined ? {} : { request: model.pricing.perRequest.toFixed(12).replace(/\.?0+$/, "") }),
      },
      top_provider: { context_length: model.contextWindow, max_completion_tokens: model.maxOutputTokens },
      architecture: { input_modalities: model.imageInput ? ["text", "image"] : ["text"], output_modalities: ["text"] },
      supported_parameters: ["max_tokens", "temperature", "response_format", ...(model.toolCalling ? ["tools", "tool_choice"] : [])],
    })),
  };
}
