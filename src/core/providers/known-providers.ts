// Providers a user can store a key for. Their adapters and data policies arrive with the provider registry.

export interface KnownProvider {
  id: string;
  displayName: string;
  /** Environment variable the CLI reads the key from. */
  apiKeyEnv: string;
}

export const knownProviders: readonly KnownProvider[] = [
  { id: "openai", displayName: "OpenAI", apiKeyEnv: "OPENAI_API_KEY" },
  { id: "anthropic", displayName: "Anthropic", apiKeyEnv: "ANTHROPIC_API_KEY" },
  { id: "google", displayName: "Google Gemini", apiKeyEnv: "GEMINI_API_KEY" },
  { id: "mistral", displayName: "Mistral", apiKeyEnv: "MISTRAL_API_KEY" },
  { id: "groq", displayName: "Groq", apiKeyEnv: "GROQ_API_KEY" },
  { id: "deepseek", displayName: "DeepSeek", apiKeyEnv: "DEEPSEEK_API_KEY" },
  { id: "xai", displayName: "xAI", apiKeyEnv: "XAI_API_KEY" },
  { id: "openrouter", displayName: "OpenRouter", apiKeyEnv: "OPENROUTER_API_KEY" },
  { id: "together", displayName: "Together AI", apiKeyEnv: "TOGETHER_API_KEY" },
  { id: "fireworks", displayName: "Fireworks AI", apiKeyEnv: "FIREWORKS_API_KEY" },
];
