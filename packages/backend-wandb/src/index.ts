// @dimexp/backend-wandb — Weights & Biases for dimexp: online through W&B's own
// protocol (GraphQL + file_stream), offline as W&B's .wandb transaction log.

export { type WandbBackend, WANDB_CAPABILITIES } from "./backend-types.js";
export { createWandbBackend } from "./wandb-backend.js";
export {
  WANDB_VARIABLES,
  fromTrackingUri,
  openWandbBackend,
  optionsFromTrackingUri,
  parseWandbUri,
  type ParsedWandbUri,
  provider,
  trackingUriFromEnv,
} from "./open.js";
export { DEFAULT_BASE_URL, type WandbBackendOptions, type WandbMode, apiKeyFromNetrc, parseMode } from "./options.js";
export { type RetryPolicy, DEFAULT_RETRY } from "./internal/http.js";
export { generateRunId, isValidRunId, projectNameProblem, runIdProblem } from "./internal/ids.js";
export { replayTransactionLog, type ReplayedRun } from "./offline-backend.js";
export { readRecords, frameRecords, crc32 } from "./offline/transaction-log.js";
export { decodeRecord, type DecodedRecord } from "./offline/records.js";
export { toMongoFilter } from "./internal/pushdown.js";
