// @dimexp/backend-local — the embedded dimexp store: one SQLite file.

export {
  LOCAL_CAPABILITIES,
  type LocalBackend,
  type LocalBackendOptions,
  createLocalBackend,
} from "./local-backend.js";
export { fromTrackingUri, openLocalBackend, parseLocalUri, provider } from "./open.js";
export { LATEST_SCHEMA_VERSION } from "./internal/schema.js";
