// Tracking URIs for the local store: a path, `sqlite:<path>`,
// `sqlite:///abs/path` (also `sqlite://localhost/abs/path`), `file:` URLs or
// `file:relative/path`.
// Where the default store lives (./dimexp.db) is core's decision, not ours: the
// name "local" means DEFAULT_TRACKING_URI. A plain word is not a path (a path
// contains "/" or "\", or ends in .db/.sqlite/.sqlite3): `mlflow` must never
// become a SQLite file named ./mlflow.

import { fileURLToPath } from "node:url";
import { type BackendProvider, type CoreError, DEFAULT_TRACKING_URI, invalidTrackingUri, isStorePath } from "@dimexp/core";
import type { Either } from "@dimexp/core";
import type { ExperimentBackend } from "@dimexp/core";
import { type LocalBackend, type LocalBackendOptions, createLocalBackend } from "./local-backend.js";

/** The file a local tracking URI names, or why it names none. */
export const parseLocalUri = (uriOrPath: string): Either<CoreError, string> => {
  const fail = (problem: string): Either<CoreError, string> => ({ _tag: "Left", left: invalidTrackingUri(uriOrPath, problem) });
  const ok = (path: string): Either<CoreError, string> =>
    path.length === 0 ? fail("it names no file") : { _tag: "Right", right: path };
  const text = uriOrPath.trim();
  if (text.length === 0) return fail("it is empty");

  if (/^sqlite:/i.test(text)) {
    const rest = text.slice("sqlite:".length);
    if (!rest.startsWith("//")) return ok(rest); // sqlite:relative/or/absolute/path, sqlite::memory:
    // sqlite://[host]/path: an authority must be empty or localhost
    const afterSlashes = rest.slice(2);
    const slash = afterSlashes.indexOf("/");
    const host = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
    if (host !== "" && host.toLowerCase() !== "localhost") {
      return fail(`the local store is a file on this machine; "${host}" is a host name. Write sqlite:///absolute/path or sqlite:relative/path`);
    }
    if (slash < 0) return fail("it names no file");
    let path = afterSlashes.slice(slash).replace(/^\/+/, "/");
    try {
      path = decodeURIComponent(path);
    } catch {
      return fail("it has a malformed %-escape");
    }
    return ok(path);
  }
  if (/^file:/i.test(text)) {
    const rest = text.slice("file:".length);
    // file:relative/path is relative, as in sqlite:relative/path (and MLflow's file: URIs);
    // the URL parser would make it file:///relative/path, a store at the root.
    if (!rest.startsWith("/")) {
      try {
        return ok(decodeURIComponent(rest));
      } catch {
        return fail("it has a malformed %-escape");
      }
    }
    try {
      return ok(fileURLToPath(text));
    } catch (cause) {
      return fail(cause instanceof Error ? cause.message : String(cause));
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return fail(`the scheme "${text.slice(0, text.indexOf(":"))}" is not a local store`);
  }
  if (text.toLowerCase() === "local") return ok(DEFAULT_TRACKING_URI);
  if (!isStorePath(text)) {
    return fail(
      `it is not a path to a store file (a path contains "/" or "\\", or ends in .db, .sqlite or .sqlite3) and not the name "local". For a store file in this directory, write ./${text.slice(0, 200)}.db`,
    );
  }
  return ok(text);
};

/** Opens the local store a tracking URI or path names (see parseLocalUri); `readOnly` never creates, migrates or writes it. */
export const openLocalBackend = (
  uriOrPath: string,
  options: Omit<LocalBackendOptions, "path"> = {},
): Either<CoreError, LocalBackend> => {
  const parsed = parseLocalUri(uriOrPath);
  if (parsed._tag === "Left") return parsed;
  return createLocalBackend({ ...options, path: parsed.right });
};

const busyTimeoutFromEnv = (env: Readonly<Record<string, string | undefined>>): { busyTimeoutMs?: number } => {
  const busy = Number(env.DIMEXP_SQLITE_BUSY_TIMEOUT_MS);
  return env.DIMEXP_SQLITE_BUSY_TIMEOUT_MS?.trim() && Number.isFinite(busy) && busy >= 0 ? { busyTimeoutMs: busy } : {};
};

/**
 * The older hook core's openBackend() called for file paths and sqlite:/file:
 * URIs; `provider` is the current one. DIMEXP_SQLITE_BUSY_TIMEOUT_MS overrides
 * the lock wait.
 */
export const fromTrackingUri = async (
  uri: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { readonly readOnly?: boolean } = {},
): Promise<Either<CoreError, ExperimentBackend>> =>
  openLocalBackend(uri, { ...busyTimeoutFromEnv(env), ...(options.readOnly ? { readOnly: true } : {}) });

/**
 * The embedded store as a backend provider for @dimexp/core: the name
 * "local", store paths and sqlite:/file: URIs. `registerBackendProvider(provider)`
 * makes core use this copy instead of importing the package by name.
 */
export const provider: BackendProvider = {
  name: "local",
  schemes: ["sqlite", "file"],
  opensPaths: true,
  uriFromEnv: () => ({ _tag: "Right", right: DEFAULT_TRACKING_URI }),
  open: (uri, options) => fromTrackingUri(uri, options.env, options.readOnly ? { readOnly: true } : {}),
};
