// Tracking URIs for the local store: a plain path, `sqlite:<path>`,
// `sqlite:///abs/path` (also `sqlite://localhost/abs/path`) or `file:` URLs.
// Where the default store lives (./dimexp.db) is core's decision, not ours.

import { fileURLToPath } from "node:url";
import { type CoreError, invalidTrackingUri } from "@dimexp/core";
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
    try {
      return ok(fileURLToPath(text));
    } catch (cause) {
      return fail(cause instanceof Error ? cause.message : String(cause));
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return fail(`the scheme "${text.slice(0, text.indexOf(":"))}" is not a local store`);
  }
  return ok(text);
};

/** Opens the local store a tracking URI or path names (see parseLocalUri). */
export const openLocalBackend = (
  uriOrPath: string,
  options: Omit<LocalBackendOptions, "path"> = {},
): Either<CoreError, LocalBackend> => {
  const parsed = parseLocalUri(uriOrPath);
  if (parsed._tag === "Left") return parsed;
  return createLocalBackend({ ...options, path: parsed.right });
};

/**
 * The hook core's openBackend() calls for file paths and sqlite:/file: URIs
 * (see @dimexp/core tracking-uri.ts). DIMEXP_SQLITE_BUSY_TIMEOUT_MS overrides
 * the lock wait.
 */
export const fromTrackingUri = async (
  uri: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Either<CoreError, ExperimentBackend>> => {
  const busy = Number(env.DIMEXP_SQLITE_BUSY_TIMEOUT_MS);
  return openLocalBackend(uri, Number.isFinite(busy) && busy >= 0 ? { busyTimeoutMs: busy } : {});
};
