// @dimexp/backend-wandb/testing — the W&B protocol fake, for tests (ours, the
// dashboard's, yours): a small HTTP server whose fidelity the real `wandb`
// Python package checks in this package's tests.

export {
  type Fault,
  type FakeProject,
  type FakeRun,
  type RequestLogEntry,
  type WandbFake,
  type WandbFakeOptions,
  startWandbFake,
} from "./fake-server.js";
export { matchesMongoFilter, type MongoFilter } from "./mongo-filter.js";
