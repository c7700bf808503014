// Tracking URIs for W&B: wandb://<entity>/<project>, selected by
// DIMEXP_TRACKING_URI. W&B's own variables fill in the rest: WANDB_API_KEY
// (else ~/.netrc, where `wandb login` keeps it), WANDB_BASE_URL, WANDB_ENTITY
// and WANDB_PROJECT (when the URI leaves them out), WANDB_MODE
// (online | offline | disabled) and WANDB_DIR (offline runs' folder).
// `?mode=offline` and `?dir=<path>` in the URI win over the variables.

import { type BackendProvider, type CoreError, type Either, type ExperimentBackend, backendNotConfigured, invalidTrackingUri } from "@dimexp/core";
import type { WandbBackend } from "./backend-types.js";
import { DEFAULT_BASE_URL, type Env, type WandbBackendOptions, apiKeyFromNetrc, parseMode } from "./options.js";
import { createWandbBackend } from "./wandb-backend.js";

export interface ParsedWandbUri {
  readonly entity: string | undefined;
  readonly project: string | undefined;
  readonly mode: string | undefined;
  readonly dir: string | undefined;
}

/** The parts of a wandb:// URI (undefined where it leaves them out). */
export const parseWandbUri = (uri: string): Either<CoreError, ParsedWandbUri> => {
  const fail = (problem: string): Either<CoreError, ParsedWandbUri> => ({ _tag: "Left", left: invalidTrackingUri(uri, problem) });
  const text = uri.trim();
  const match = /^wandb:(?:\/\/)?([^?#]*)(?:\?([^#]*))?$/i.exec(text);
  if (!match) return fail('a W&B tracking URI looks like wandb://<entity>/<project>');
  const decode = (part: string): string | undefined => {
    try {
      const value = decodeURIComponent(part);
      return value === "" || value === "-" ? undefined : value;
    } catch {
      return undefined;
    }
  };
  const parts = (match[1] as string).split("/").filter((p, i, all) => p !== "" || (i > 0 && i < all.length - 1));
  if (parts.length > 2) return fail("it has more than an entity and a project (wandb://<entity>/<project>)");
  const query = new URLSearchParams(match[2] ?? "");
  for (const key of query.keys()) if (key !== "mode" && key !== "dir") return fail(`unknown option "${key}" (wandb:// URIs take ?mode= and ?dir=)`);
  return {
    _tag: "Right",
    right: {
      entity: parts.length === 2 ? decode(parts[0] as string) : parts.length === 1 && !(match[1] as string).startsWith("/") ? decode(parts[0] as string) : undefined,
      project: parts.length === 2 ? decode(parts[1] as string) : parts.length === 1 && (match[1] as string).startsWith("/") ? decode(parts[0] as string) : undefined,
      mode: query.get("mode") ?? undefined,
      dir: query.get("dir") ?? undefined,
    },
  };
};

/** Backend options from a wandb:// URI and W&B's environment variables. */
export const optionsFromTrackingUri = (uri: string, env: Env = process.env): Either<CoreError, WandbBackendOptions> => {
  const parsed = parseWandbUri(uri);
  if (parsed._tag === "Left") return parsed;
  const { entity, project, mode: uriMode, dir } = parsed.right;
  const projectName = project ?? env.WANDB_PROJECT?.trim();
  if (!projectName) return { _tag: "Left", left: invalidTrackingUri(uri, "it names no W&B project: write wandb://<entity>/<project> or set WANDB_PROJECT") };
  const modeText = uriMode ?? env.WANDB_MODE;
  const mode = parseMode(modeText);
  if (modeText !== undefined && modeText.trim() !== "" && mode === undefined) {
    return { _tag: "Left", left: invalidTrackingUri(uri, `unknown W&B mode "${modeText}" (use online, offline or disabled)`) };
  }
  const baseUrl = env.WANDB_BASE_URL?.trim() || DEFAULT_BASE_URL;
  const apiKey = env.WANDB_API_KEY?.trim() || apiKeyFromNetrc(baseUrl, env);
  return {
    _tag: "Right",
    right: {
      entity: entity ?? (env.WANDB_ENTITY?.trim() || undefined),
      project: projectName,
      mode: mode ?? "online",
      apiKey,
      baseUrl,
      dir: dir ?? (env.WANDB_DIR?.trim() || undefined),
      notes: env.WANDB_NOTES?.trim() || undefined,
      jobType: env.WANDB_JOB_TYPE?.trim() || undefined,
    },
  };
};

/** Opens the W&B backend a tracking URI names (see optionsFromTrackingUri). */
export const openWandbBackend = (uri: string, env: Env = process.env): Either<CoreError, WandbBackend> => {
  const options = optionsFromTrackingUri(uri, env);
  if (options._tag === "Left") return options;
  return createWandbBackend(options.right);
};

/** The hook @dimexp/core's openBackend() calls for wandb:// URIs. */
export const fromTrackingUri = async (uri: string, env: Env = process.env): Promise<Either<CoreError, ExperimentBackend>> =>
  openWandbBackend(uri, env);

/** W&B's own variables, as `wandb.init()` reads them: what a user sets for `backend: "wandb"`. */
export const WANDB_VARIABLES = ["WANDB_PROJECT", "WANDB_ENTITY", "WANDB_MODE", "WANDB_API_KEY", "WANDB_BASE_URL", "WANDB_DIR"] as const;

const notConfigured = (first: string, problem: string, fix: string): Either<CoreError, string> => ({
  _tag: "Left",
  left: backendNotConfigured("wandb", [first, ...WANDB_VARIABLES.filter((v) => v !== first)], problem, fix),
});

/**
 * What the name "wandb" means: the project WANDB_PROJECT names, in
 * WANDB_ENTITY (else, online, the API key's default entity, as wandb.init()
 * does), in WANDB_MODE (online unless offline/disabled). A missing project, an
 * unknown mode, or online without an API key (WANDB_API_KEY or `wandb login`'s
 * ~/.netrc) is a BackendNotConfigured error naming the variable.
 */
export const trackingUriFromEnv = (env: Env): Either<CoreError, string> => {
  const project = env.WANDB_PROJECT?.trim();
  const entity = env.WANDB_ENTITY?.trim();
  if (!project) {
    return notConfigured(
      "WANDB_PROJECT",
      "needs WANDB_PROJECT (and WANDB_ENTITY, your user or team, unless the API key's default entity is meant), which is not set",
      "Set them, e.g. export WANDB_ENTITY=my-team WANDB_PROJECT=heat-equation, or pass wandb://<entity>/<project> as the backend.",
    );
  }
  const modeText = env.WANDB_MODE?.trim();
  const mode = parseMode(modeText);
  if (modeText && mode === undefined) {
    return notConfigured("WANDB_MODE", `reads WANDB_MODE, which is ${JSON.stringify(modeText.slice(0, 200))}`, "Set it to online, offline or disabled (or leave it unset for online).");
  }
  if ((mode ?? "online") === "online") {
    const baseUrl = env.WANDB_BASE_URL?.trim() || DEFAULT_BASE_URL;
    if (!(env.WANDB_API_KEY?.trim() || apiKeyFromNetrc(baseUrl, env))) {
      return notConfigured(
        "WANDB_API_KEY",
        `is online (WANDB_MODE ${modeText ? `is ${modeText}` : "is unset"}) and needs an API key: WANDB_API_KEY is not set and \`wandb login\` stored none for ${baseUrl}`,
        "Set WANDB_API_KEY (https://wandb.ai/authorize) or run `wandb login`; or set WANDB_MODE=offline to write runs for `wandb sync` (in WANDB_DIR, default the working directory).",
      );
    }
  }
  const part = (text: string) => encodeURIComponent(text);
  return { _tag: "Right", right: entity ? `wandb://${part(entity)}/${part(project)}` : `wandb:///${part(project)}` };
};

/**
 * W&B as a backend provider for @dimexp/core: the name "wandb" (W&B's own
 * variables, see trackingUriFromEnv) and wandb://<entity>/<project> URIs.
 */
export const provider: BackendProvider = {
  name: "wandb",
  schemes: ["wandb"],
  uriFromEnv: trackingUriFromEnv,
  open: (uri, options) => fromTrackingUri(uri, options.env),
};
