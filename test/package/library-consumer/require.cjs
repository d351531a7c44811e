// The same package from CommonJS: one answer, and the ESM and CommonJS entries are one module.
const { createRouter } = require("switchboard");

const { up, ledger } = JSON.parse(process.env.SWITCHBOARD_TEST);
const router = createRouter({
  config: { providers: [{ id: "up", kind: "openai-compatible", baseUrl: `${up}/v1`, local: true }], models: [{ id: "up/m", pricing: { input: 1, output: 2 } }] },
  ledger,
  feature: "from-cjs",
  env: {},
});
router.chat({ model: "up/m", messages: [{ role: "user", content: "hi" }] }).then(async (reply) => {
  const esm = await import("switchboard");
  console.log(JSON.stringify({ text: reply.text, sameModule: esm.createRouter === createRouter }));
});
