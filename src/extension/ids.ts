// Names the small entry and the rest of the extension share (the entry must not import the rest).
export const PLAYGROUND_VIEW_TYPE = "switchboard.playground";

/** The language model vendor Switchboard's models appear under in VS Code (package.json languageModelChatProviders). */
export const CHAT_VENDOR = "switchboard";

/** Every command Switchboard registers: the ones in package.json, and two internal ones for tests. */
export const COMMAND_IDS = [
  "switchboard.openPlayground",
  "switchboard.compareSelection",
  "switchboard.exportConversation",
  "switchboard.stopPlayground",
  "switchboard.newConversation",
  "switchboard.applyProposal",
  "switchboard.askWithRouting",
  "switchboard.showSpend",
  "switchboard.verifyLedger",
  "switchboard.mergeLedgers",
  "switchboard.connectTeamGateway",
  "switchboard.disconnectTeamGateway",
  "switchboard.showTeamSpend",
  "switchboard.importOpenRouterPrices",
  "switchboard.refreshCatalog",
  "switchboard.selectDefaultModels",
  "switchboard.setApiKey",
  "switchboard.removeApiKey",
  "switchboard.testConnection",
  "switchboard.showLog",
  "switchboard.openPromptFile",
  "switchboard.setTelemetryHeaders",
  "switchboard.startGateway",
  "switchboard.stopGateway",
  "switchboard.gatewayActions",
  "switchboard.routeAgents",
  "switchboard.stopRoutingAgents",
  "switchboard.setUpCodex",
  "switchboard.internal.state",
  "switchboard.internal.receiveWebviewMessage",
  "switchboard.internal.promptFileState",
  "switchboard.internal.promptFileMessage",
] as const;
