// Which backend a tracking URI (or a backend name) means, and opening it.
// Backends are separate packages so a user installs only what they use. Each
// exports a provider ({ name, schemes, open }); core resolves through the
// registered providers and, for its own three, imports the package on demand —
// the package names below are only install hints.
//
//   local, ./dimexp.db, /abs/path.db, x.sqlite, sqlite:path, file:path  → @dimexp/backend-local
//   mlflow (reads MLFLOW_TRACKING_URI), http://host:port, https://…      → @dimexp/backend-mlflow
//   wandb (reads WANDB_PROJECT, …), wandb://entity/project               → @dimexp/backend-wandb
//   memory, memory:                                                       → the in-memory backend
//
// No guessing: a bare word that is no backend name is an error listing the
// names, and a store file is only ever created from something that is a path
// (it contains "/" or "\", ends in .db/.sqlite/.sqlite3, or is a sqlite:/file:
// URI) — `backend: "mlflow"` once silently created a SQLite file named ./mlflow.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ExperimentBackend } from "./backend.js";
import { type CoreError, backendFailure, backendNotInstalled, describeCause, invalidTrackingUri } from "./errors.js";
import { type Either, left, right } from "./internal/task.js";
import { createMemoryBackend } from "./memory-backend.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** How a backend is opened; `env` is where it reads its settings and credentials. */
export interface BackendOpenOptions {
  readonly env: Env;
  /**
   * Open for reading only: never create, migrate or write a store (what the
   * CLI's reading commands ask). Backends that create nothing on open may ignore it.
   */
  readonly readOnly?: boolean;
}

/**
 * What a backend package exports as `provider` (and what registerBackendProvider
 * takes): the name users select it by, the URI schemes it opens, and how.
 */
export interface BackendProvider {
  /** `backend: "<name>"`, `--tracking-uri <name>`: lower case, e.g. "mlflow" */
  readonly name: string;
  /** URI schemes it opens, lower case without ":", e.g. ["http", "https"] */
  readonly schemes: readonly string[];
  /** whether it opens plain file paths (the embedded store) */
  readonly opensPaths?: boolean;
  /**
   * The tracking URI the bare name means, from the backend's own environment
   * variables (MLflow: MLFLOW_TRACKING_URI); a typed error naming them when
   * they are missing. Without it the backend can only be selected by URI.
   */
  uriFromEnv?(env: Env): Either<CoreError, string>;
  /** Opens the backend a URI (one of `schemes`, or a path when opensPaths) names. Never rejects. */
  open(uri: string, options: BackendOpenOptions): Promise<Either<CoreError, ExperimentBackend>>;
}

/** The older factory form (`registerBackend(kind, factory)`); a provider is preferred. */
export type BackendFactory = (uri: string, env: Env, options?: { readonly readOnly?: boolean }) => Promise<Either<CoreError, ExperimentBackend>>;

export const DEFAULT_TRACKING_URI = "./dimexp.db";

/** The backends dimexp ships, by package: where to look when none is registered, and what to tell a user to install. */
const SHIPPED: ReadonlyArray<{ readonly name: string; readonly packageName: string; readonly schemes: readonly string[]; readonly opensPaths?: boolean }> = [
  { name: "local", packageName: "@dimexp/backend-local", schemes: ["sqlite", "file"], opensPaths: true },
  { name: "mlflow", packageName: "@dimexp/backend-mlflow", schemes: ["http", "https"] },
  { name: "wandb", packageName: "@dimexp/backend-wandb", schemes: ["wandb"] },
];

const memoryProvider: BackendProvider = {
  name: "memory",
  schemes: ["memory"],
  uriFromEnv: () => right("memory:"),
  open: async () => right(createMemoryBackend()),
};

const providers = new Map<string, BackendProvider>([["memory", memoryProvider]]);

/** Registers (or replaces) a backend provider: its name and schemes then resolve to it. */
export const registerBackendProvider = (provider: BackendProvider): void => {
  providers.set(provider.name.toLowerCase(), provider);
};

/**
 * Registers (or replaces) the factory for a backend kind: "local", "mlflow",
 * "wandb" (their usual schemes), or your own scheme. Prefer registering the
 * package's `provider`, which also resolves the backend's bare name.
 */
export const registerBackend = (kind: string, factory: BackendFactory): void => {
  const name = kind.toLowerCase();
  const shipped = SHIPPED.find((s) => s.name === name);
  registerBackendProvider({
    name,
    schemes: shipped?.schemes ?? [name],
    ...(shipped?.opensPaths ? { opensPaths: true } : {}),
    open: (uri, options) => factory(uri, options.env, options.readOnly === undefined ? undefined : { readOnly: options.readOnly }),
  });
};

/** The backend names that resolve here: the shipped ones, memory, and any registered. */
export const backendNames = (): string[] => [...new Set([...SHIPPED.map((s) => s.name), ...providers.keys()])];

const isHttpUri = (text: string): boolean => /^https?:\/\/[^/?#\s]/i.test(text);

/**
 * The tracking URI (or backend name) in force: explicit > DIMEXP_TRACKING_URI >
 * MLFLOW_TRACKING_URI > ./dimexp.db. An explicit value is kept as given, even
 * empty (opening "" is an InvalidTrackingUri error, never the default store);
 * a variable set to the empty string counts as unset, as in MLflow and W&B.
 * A MLFLOW_TRACKING_URI that is not an http(s) URL (MLflow's own file or
 * database stores, "databricks") resolves to the name "mlflow", whose provider
 * explains: dimexp never opens MLflow's files as its own store.
 */
export const resolveTrackingUri = (explicit: string | undefined, env: Env = process.env): string => {
  if (explicit !== undefined) return explicit;
  const dimexp = env.DIMEXP_TRACKING_URI?.trim();
  if (dimexp) return dimexp;
  const mlflow = env.MLFLOW_TRACKING_URI?.trim();
  if (mlflow) return isHttpUri(mlflow) ? mlflow : "mlflow";
  return DEFAULT_TRACKING_URI;
};

/** Where resolveTrackingUri found its answer, for messages ("--tracking-uri" is the caller's word for an explicit value). */
export const trackingUriSource = (explicit: string | undefined, env: Env = process.env, explicitName = "the option"): string => {
  if (explicit !== undefined) return explicitName;
  if (env.DIMEXP_TRACKING_URI?.trim()) return "DIMEXP_TRACKING_URI";
  if (env.MLFLOW_TRACKING_URI?.trim()) return "MLFLOW_TRACKING_URI";
  return "the default";
};

/** Whether text names a store file: it contains a path separator, or ends in .db, .sqlite or .sqlite3. */
export const isStorePath = (text: string): boolean => /[/\\]/.test(text) || /\.(?:db|sqlite3?)$/i.test(text) || text === ":memory:";

/** What a tracking URI or backend name means: the backend, and whether it was selected by name. */
export interface TrackingUriKind {
  readonly kind: string;
  /** the package that provides it (an install hint), for dimexp's own backends */
  readonly packageName: string | undefined;
  /** true for a bare backend name ("mlflow"), whose URI comes from the environment */
  readonly byName: boolean;
}

const SHOWN = 200;
const shown = (text: string): string => (text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);

/** Damerau-free edit distance, for "did you mean" on a handful of short names. */
const distance = (a: string, b: string): number => {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
};

const kindOf = (name: string, byName: boolean): TrackingUriKind => ({
  kind: name,
  packageName: providers.has(name) ? undefined : SHIPPED.find((s) => s.name === name)?.packageName,
  byName,
});

/** Classifies a tracking URI, path or backend name; an error for what names no backend. */
export const classifyTrackingUri = (uri: string): Either<CoreError, TrackingUriKind> => {
  const text = uri.trim();
  const fail = (problem: string): Either<CoreError, TrackingUriKind> => left(invalidTrackingUri(shown(redactUri(uri)), problem));
  if (text === "") return fail("it is empty. Give a backend name (local, mlflow, wandb), a tracking URI or a store path; leave the option out for the default");
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (C:\runs\dimexp.db): a path.
  if (scheme !== undefined && scheme.length > 1) {
    for (const provider of providers.values()) if (provider.schemes.includes(scheme)) return right(kindOf(provider.name, false));
    const shipped = SHIPPED.find((s) => s.schemes.includes(scheme));
    if (shipped) return right(kindOf(shipped.name, false));
    const hostAndPort = /^[\w.-]+:\d+(?:[/?#]|$)/.test(text) ? ` (for an MLflow server, write http://${shown(text)})` : "";
    return fail(`no backend handles the scheme "${shown(scheme)}:"${hostAndPort}`);
  }
  if (isStorePath(text)) {
    const local = [...providers.values()].find((p) => p.opensPaths);
    return right(kindOf(local?.name ?? "local", false));
  }
  const word = text.toLowerCase();
  const names = backendNames();
  if (names.includes(word)) return right(kindOf(word, true));
  const close = names.filter((name) => distance(word, name) <= 2);
  const suggestion = close.length > 0 ? ` Did you mean ${close.map((c) => `"${c}"`).join(" or ")}?` : "";
  return fail(
    `it is neither a backend name (${names.join(", ")}) nor a path to a store file (a path contains "/" or "\\", or ends in .db, .sqlite or .sqlite3).${suggestion} For a store file in this directory, write ./${shown(text)}.db`,
  );
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

type BackendModule = { provider?: BackendProvider; fromTrackingUri?: BackendFactory };

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

/** The shipped package's own provider (imported on demand), or why there is none. */
const importedProvider = async (name: string, shownUri: string): Promise<Either<CoreError, BackendProvider>> => {
  const shipped = SHIPPED.find((s) => s.name === name);
  if (!shipped) return left(invalidTrackingUri(shownUri, `no backend registered for "${name}"`));
  const module = await importBackendPackage<BackendModule>(shipped.packageName);
  if (!module) return left(backendNotInstalled(shownUri, shipped.packageName));
  if (module.provider && typeof module.provider.open === "function") return right(module.provider);
  if (typeof module.fromTrackingUri === "function") {
    const factory = module.fromTrackingUri;
    return right({ ...shipped, open: (uri, options) => factory(uri, options.env, { readOnly: options.readOnly === true }) });
  }
  return left(backendFailure(name, "open", `${shipped.packageName} exports neither provider nor fromTrackingUri(); is it a dimexp backend?`));
};

/** A tracking URI resolved to the provider that opens it. */
export interface ResolvedBackend {
  readonly provider: BackendProvider;
  /** the concrete URI or path it opens (a backend name replaced by what its variables say); print it with redactUri */
  readonly uri: string;
  /** whether it was selected by a bare name ("mlflow") */
  readonly byName: boolean;
}

/**
 * Resolves a tracking URI, store path or backend name to its provider and
 * concrete URI (reading the backend's variables for a name); never rejects.
 */
export const resolveBackend = async (uriOrName: string, env: Env = process.env): Promise<Either<CoreError, ResolvedBackend>> => {
  const shownUri = shown(redactUri(uriOrName));
  const info = classifyTrackingUri(uriOrName);
  if (info._tag === "Left") return info;
  const { kind, byName } = info.right;
  try {
    const registered = providers.get(kind);
    let provider: BackendProvider;
    if (registered) provider = registered;
    else {
      const imported = await importedProvider(kind, shownUri);
      if (imported._tag === "Left") return imported;
      provider = imported.right;
    }
    if (!byName) return right({ provider, uri: uriOrName.trim(), byName });
    // Where the default store lives is core's decision: "local" is ./dimexp.db.
    if (kind === "local") return right({ provider, uri: DEFAULT_TRACKING_URI, byName });
    let fromEnv = provider.uriFromEnv;
    if (!fromEnv) {
      // a provider registered by the older registerBackend() form: the package's own provider knows the variables
      const own = await importedProvider(kind, shownUri);
      if (own._tag === "Right") fromEnv = own.right.uriFromEnv;
    }
    if (!fromEnv) {
      return left(invalidTrackingUri(shownUri, `the backend "${kind}" cannot be selected by name alone; give its tracking URI`));
    }
    const uri = fromEnv.call(provider, env);
    if (uri._tag === "Left") return uri;
    const again = classifyTrackingUri(uri.right);
    if (again._tag === "Left" || again.right.byName || again.right.kind !== kind) {
      return left(backendFailure(kind, "open", `its provider resolved the name "${kind}" to ${JSON.stringify(shown(redactUri(uri.right)))}, which is not a ${kind} URI`));
    }
    return right({ provider, uri: uri.right, byName });
  } catch (cause) {
    return left(backendFailure(kind, "open", describeCause(cause)));
  }
};

/**
 * Opens the backend for a tracking URI, store path or backend name (see the
 * table above). `readOnly` asks the backend to create, migrate and write
 * nothing. Never rejects.
 */
export const openBackend = async (
  uriOrName: string,
  env: Env = process.env,
  options: { readonly readOnly?: boolean } = {},
): Promise<Either<CoreError, ExperimentBackend>> => {
  const resolved = await resolveBackend(uriOrName, env);
  if (resolved._tag === "Left") return resolved;
  const { provider, uri } = resolved.right;
  try {
    return await provider.open(uri, { env, ...(options.readOnly ? { readOnly: true } : {}) });
  } catch (cause) {
    return left(backendFailure(provider.name, "open", describeCause(cause)));
  }
};
