// createWandbBackend: the W&B backend in its three modes — online (W&B's
// GraphQL and file_stream protocol), offline (W&B's .wandb transaction log,
// uploaded later by `wandb sync`) and disabled (nothing kept beyond memory).
//
// Mapping: the W&B project is fixed by the backend (wandb://<entity>/<project>);
// a dimexp experiment is a W&B run *group* in it — W&B's own word for
// grouping runs into an experiment — and the experiment named like the
// project holds the project's ungrouped runs. Run ids are W&B run ids.

import { type CoreError, createMemoryBackend, invalidTrackingUri } from "@dimexp/core";
import type { Either } from "@dimexp/core";
import type { WandbBackend } from "./backend-types.js";
import { DEFAULT_RETRY } from "./internal/http.js";
import { projectNameProblem } from "./internal/ids.js";
import { createOfflineBackend } from "./offline-backend.js";
import { createOnlineBackend } from "./online-backend.js";
import { DEFAULT_BASE_URL, type WandbBackendOptions } from "./options.js";

/**
 * The W&B backend for `options.project` (and `options.entity`). Online needs
 * an API key; offline writes `<dir>/wandb/offline-run-<time>-<id>/run-<id>.wandb`.
 */
export const createWandbBackend = (options: WandbBackendOptions): Either<CoreError, WandbBackend> => {
  const uri = `wandb://${options.entity ?? ""}/${options.project}`;
  const projectProblem = projectNameProblem(options.project ?? "");
  if (projectProblem) return { _tag: "Left", left: invalidTrackingUri(uri, `the W&B project name is invalid: ${projectProblem}`) };
  if (options.entity !== undefined) {
    const entityProblem = projectNameProblem(options.entity);
    if (entityProblem) return { _tag: "Left", left: invalidTrackingUri(uri, `the W&B entity name is invalid: ${entityProblem}`) };
  }
  const mode = options.mode ?? "online";
  try {
    if (mode === "offline") return { _tag: "Right", right: createOfflineBackend(options) };
    if (mode === "disabled") {
      const memory = createMemoryBackend();
      const disabled: WandbBackend = {
        ...memory,
        kind: "wandb",
        mode: "disabled",
        entity: options.entity,
        project: options.project,
        location: `wandb disabled (WANDB_MODE=disabled): nothing is stored`,
        capabilities: memory.capabilities,
        runUrl: async () => "",
      };
      return { _tag: "Right", right: disabled };
    }
    if (!options.apiKey) {
      return {
        _tag: "Left",
        left: invalidTrackingUri(
          uri,
          `W&B online mode needs an API key: set WANDB_API_KEY (https://wandb.ai/authorize), run \`wandb login\` (${options.baseUrl ?? DEFAULT_BASE_URL}), or set WANDB_MODE=offline to write runs for \`wandb sync\``,
        ),
      };
    }
    return { _tag: "Right", right: createOnlineBackend({ ...options, retry: { ...DEFAULT_RETRY, ...(options.retry ?? {}) } }) };
  } catch (cause) {
    return { _tag: "Left", left: invalidTrackingUri(uri, cause instanceof Error ? cause.message : String(cause)) };
  }
};
