// Which backend a tracking URI means, and loading it. Backends are separate
// packages so a user installs only what they use; core imports them on demand
// by name and, when one is missing, says exactly which package to install.
//
//   ./dimexp.db, /abs/path.db, sqlite:path, file:path   → @dimexp/backend-local
//   http://host:port, https://…                         → @dimexp/backend-mlflow
//   wandb://entity/project                              → @dimexp/backend-wandb
//   memory:                                             → the in-memory backend
// A backend package exports `fromTrackingUri(uri, env)`, or registers a
// factory with `registerBackend(scheme, factory)`.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ExperimentBackend } from "./backend.js";
import { type CoreError, backendFailure, backendNotInstalled, describeCause, invalidTrackingUri } from "./errors.js";
import { type Either, left, right } from "./internal/task.js";
import { createMemoryBackend } from "./memory-backend.js";

export type Env = Readonly<Record<string, string | undefined>>;
export type BackendFactory = (uri: string, env: Env) => Promise<Either<CoreError, ExperimentBackend>>;

export const DEFAULT_TRACKING_URI = "./dimexp.db";

interface SchemeInfo {
  readonly kind: string;
  readonly packageName: string | undefined;
}

const factories = new Map<string, BackendFactory>();

/** Registers (or replaces) the factory for a backend kind: "local", "mlflow", "wandb", or your own scheme. */
export const registerBackend = (kind: string, factory: BackendFactory): void => {
  factories.set(kind, factory);
};

/** The tracking URI in force: explicit > DIMEXP_TRACKING_URI > MLFLOW_TRACKING_URI > ./dimexp.db */
export const resolveTrackingUri = (explicit: string | undefined, env: Env = process.env): string =>
  explicit?.trim() || env.DIMEXP_TRACKING_URI?.trim() || env.MLFLOW_TRACKING_URI?.trim() || DEFAULT_TRACKING_URI;

/** Classifies a URI; undefined for a scheme no backend claims. */
export const classifyTrackingUri = (uri: string): Either<CoreError, SchemeInfo> => {
  const trimmed = uri.trim();
  if (trimmed === "") return left(invalidTrackingUri(redactUri(uri), "it is empty"));
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (C:\runs\dimexp.db): a path.
  if (scheme === undefined || scheme.length === 1 || scheme === "sqlite" || scheme === "file") {
    return right({ kind: "local", packageName: "@dimexp/backend-local" });
  }
  if (scheme === "http" || scheme === "https") return right({ kind: "mlflow", packageName: "@dimexp/backend-mlflow" });
  if (scheme === "wandb") return right({ kind: "wandb", packageName: "@dimexp/backend-wandb" });
  if (scheme === "memory") return right({ kind: "memory", packageName: undefined });
  if (factories.has(scheme)) return right({ kind: scheme, packageName: undefined });
  return left(invalidTrackingUri(redactUri(uri), `no backend handles the scheme "${scheme}:"`));
};

/** Strips user:password@ from a URI so it can be printed. */
export const redactUri = (uri: string): string => uri.replace(/\/\/[^/@\s]*@/, "//***@");

const isModuleNotFound = (cause: unknown, packageName: string): boolean => {
  const e = cause as { code?: string; message?: string };
  return (
    (e?.code === "ERR_MODULE_NOT_FOUND" || e?.code === "MODULE_NOT_FOUND") &&
    (e.message ?? "").includes(packageName)
  );
};

type BackendModule = { fromTrackingUri?: BackendFactory };

/**
 * The package's ESM entry (its exports' "import" target), so the backend shares
 * one copy of @dimexp/core and @dimexp/units with an ESM caller; else whatever
 * `require` resolves.
 */
const esmEntry = (require: NodeJS.Require, packageName: string): string => {
  const main = require.resolve(packageName);
  try {
    const manifestPath = require.resolve(`${packageName}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { exports?: Record<string, unknown> };
    const root = manifest.exports?.["."] as { import?: { default?: string } | string } | undefined;
    const target = typeof root?.import === "string" ? root.import : root?.import?.default;
    if (typeof target === "string") return join(dirname(manifestPath), target);
  } catch {
    /* no readable manifest: use the require entry */
  }
  return main;
};

/** Where to look for a backend package: the user's project (cwd), the running script, then core itself. */
const searchRoots = (): string[] => {
  const roots = [join(process.cwd(), "package.json")];
  const script = process.argv[1];
  if (script) roots.push(script);
  return roots;
};

/** Imports an optional package the user installed (a backend, @dimexp/io); undefined when it is not installed. */
export const importBackendPackage = async <M = BackendModule>(packageName: string): Promise<M | undefined> => {
  for (const root of searchRoots()) {
    let resolved: string;
    try {
      resolved = esmEntry(createRequire(root), packageName);
    } catch (cause) {
      if (isModuleNotFound(cause, packageName)) continue;
      throw cause;
    }
    return (await import(pathToFileURL(resolved).href)) as M;
  }
  try {
    return (await import(packageName)) as M;
  } catch (cause) {
    if (isModuleNotFound(cause, packageName)) return undefined;
    throw cause;
  }
};

/** Opens the backend for a tracking URI (see the table above). Never rejects. */
export const openBackend = async (uri: string, env: Env = process.env): Promise<Either<CoreError, ExperimentBackend>> => {
  const info = classifyTrackingUri(uri);
  if (info._tag === "Left") return info;
  const { kind, packageName } = info.right;
  try {
    const registered = factories.get(kind);
    if (registered) return await registered(uri, env);
    if (kind === "memory") return right(createMemoryBackend());
    if (!packageName) return left(invalidTrackingUri(redactUri(uri), `no backend registered for "${kind}"`));
    const module = await importBackendPackage(packageName);
    if (!module) return left(backendNotInstalled(redactUri(uri), packageName));
    if (typeof module.fromTrackingUri !== "function") {
      return left(backendFailure(kind, "open", `${packageName} does not export fromTrackingUri(); is it a dimexp backend?`));
    }
    return await module.fromTrackingUri(uri, env);
  } catch (cause) {
    return left(backendFailure(kind, "open", describeCause(cause)));
  }
};
