// Where telemetry goes and how providers are named in it: the OTEL_* variables as the OpenTelemetry
// specification defines them, VS Code settings, and the GenAI conventions' provider names.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtInProviders } from "../../src/core/providers/provider-definitions";
import { exportsTo, otlpConfigFromEnv, otlpConfigFromSettings } from "../../src/core/telemetry/otlp-config";
import { providerIdentity } from "../../src/core/telemetry/provider-identity";

describe("OTLP export configuration", () => {
  it("is off without an endpoint, and when OTEL_SDK_DISABLED=true", () => {
    assert.deepEqual(otlpConfigFromEnv({}), { ok: true, config: undefined });
    assert.deepEqual(otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }), { ok: true, config: undefined });
  });

  it("OTEL_EXPORTER_OTLP_ENDPOINT is a base: /v1/traces and /v1/metrics are appended to its path; defaults are http/protobuf and service switchboard", () => {
    const result = otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com:4318/team/", OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc%3D%3D, dd-tag = a b" });
    assert.ok(result.ok && result.config);
    assert.equal(result.config.tracesUrl, "https://otel.example.com:4318/team/v1/traces");
    assert.equal(result.config.metricsUrl, "https://otel.example.com:4318/team/v1/metrics");
    assert.deepEqual(result.config.headers, { "x-api-key": "abc==", "dd-tag": "a b" });
    assert.equal(result.config.protocol, "http/protobuf");
    assert.equal(result.config.serviceName, "switchboard");
  });

  it("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is, and alone sends no metrics", () => {
    const result = otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/custom/traces" });
    assert.ok(result.ok && result.config);
    assert.equal(result.config.tracesUrl, "http://127.0.0.1:4318/custom/traces");
    assert.equal(result.config.metricsUrl, undefined);
  });

  it("the printed endpoint never shows credentials or a query", () => {
    const result = otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://user:hunter2@otel.example.com/?token=secret" });
    assert.ok(result.ok && result.config);
    assert.equal(result.config.label, "https://otel.example.com");
  });

  it("bad values name the variable and what to use", () => {
    assert.deepEqual(otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }), { ok: false, message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL (OTLP over HTTP), got "collector:"' });
    assert.deepEqual(otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" }), { ok: false, message: 'OTEL_EXPORTER_OTLP_ENDPOINT is not a URL: "not a url" (e.g. http://localhost:4318)' });
    const badHeaders = otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_HEADERS: "authorization" });
    assert.deepEqual(badHeaders, { ok: false, message: 'OTEL_EXPORTER_OTLP_HEADERS takes key=value pairs separated by commas; "authorization" has no value' });
    const badProtocol = otlpConfigFromSettings({ endpoint: "http://c:4318", protocol: "grpc" });
    assert.equal(badProtocol.ok, false);
    assert.match(!badProtocol.ok ? badProtocol.message : "", /^switchboard\.telemetry\.otlp\.protocol "grpc" is not supported: use http\/protobuf/);
  });

  it("VS Code settings: headers from settings, those kept in SecretStorage win; resource attributes as given", () => {
    const result = otlpConfigFromSettings({ endpoint: "http://localhost:4318", headers: { "x-team": "web", authorization: "from-settings" }, resourceAttributes: { "enduser.id": "alice" } }, { authorization: "Bearer secret" });
    assert.ok(result.ok && result.config);
    assert.deepEqual(result.config.headers, { "x-team": "web", authorization: "Bearer secret" });
    assert.equal(result.config.tracesUrl, "http://localhost:4318/v1/traces");
    assert.deepEqual(result.config.resourceAttributes, { "enduser.id": "alice" });
  });

  it("a policy's required endpoint matches the base or a signal URL under it, with or without a trailing slash", () => {
    const config = otlpConfigFromSettings({ endpoint: "https://otel.example.com:4318/" });
    assert.ok(config.ok);
    assert.equal(exportsTo(config.config, "https://otel.example.com:4318"), true);
    assert.equal(exportsTo(config.config, "https://otel.example.com:4318/"), true);
    assert.equal(exportsTo(config.config, "https://other.example.com:4318"), false);
    assert.equal(exportsTo(undefined, "https://otel.example.com:4318"), false);
  });
});

describe("provider identity in telemetry", () => {
  const builtIn = (id: string) => builtInProviders.find((provider) => provider.id === id);

  it("built-in providers get the GenAI conventions' well-known names and their API's host and port", () => {
    assert.deepEqual(providerIdentity("google", builtIn("google")), { name: "gcp.gemini", serverAddress: "generativelanguage.googleapis.com", serverPort: 443 });
    assert.deepEqual(
      ["openai", "anthropic", "mistral", "groq", "deepseek", "xai"].map((id) => providerIdentity(id, builtIn(id)).name),
      ["openai", "anthropic", "mistral_ai", "groq", "deepseek", "x_ai"],
    );
  });

  it("providers without a well-known name, and a built-in id pointed at another server, are named by their id", () => {
    assert.equal(providerIdentity("openrouter", builtIn("openrouter")).name, "openrouter");
    const proxied = { ...builtIn("google")!, baseUrl: "http://localhost:8080/v1beta" };
    assert.deepEqual(providerIdentity("google", proxied), { name: "google", serverAddress: "localhost", serverPort: 8080 });
    assert.deepEqual(providerIdentity("demo", builtIn("demo")), { name: "demo" }, "the in-process demo names no server");
  });
});
