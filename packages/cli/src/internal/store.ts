// Opening the store the experiments and runs commands read. The tracking URI
// comes from --tracking-uri, else DIMEXP_TRACKING_URI, else MLFLOW_TRACKING_URI,
// else ./dimexp.db (core's resolveTrackingUri, fed the io's environment, not
// process.env, so an embedding program or a test decides what the CLI sees).
// Backend names work as in the API: --tracking-uri mlflow reads
// MLFLOW_TRACKING_URI, wandb reads W&B's variables, local is ./dimexp.db. An
// empty --tracking-uri is a usage error (args.ts); an empty variable is unset.
//
// The backends' providers (local, MLflow, W&B) are registered with core
// explicitly: core's fallback imports @dimexp/backend-local from the current
// directory's project first, which would make `dimexp` behave differently
// depending on where it is run.
//
// These commands only read: the store is opened read-only, so a missing,
// empty or foreign file is an error naming it, never turned into a store.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseLocalUri, provider as localProvider } from "@dimexp/backend-local";
import { provider as mlflowProvider } from "@dimexp/backend-mlflow";
import { provider as wandbProvider } from "@dimexp/backend-wandb";
import {
  type CoreError,
  type Either,
  type ExperimentBackend,
  type ExperimentInfo,
  type TaskEither,
  openBackend,
  redactUri,
  registerBackendProvider,
  resolveBackend,
  resolveTrackingUri,
  trackingUriSource,
} from "@dimexp/core";
import type { CommandInput, OptionSpec } from "./command.js";
import { UserError } from "./errors.js";
import type { CliIo } from "./io.js";
import { didYouMean } from "./suggest.js";

export const TRACKING_URI_OPTION: OptionSpec = {
  type: "string",
  valueName: "uri",
  description:
    "where runs are stored: local, mlflow or wandb (read from their own variables, e.g. $MLFLOW_TRACKING_URI), a store path (./runs.db) or sqlite:<path>, http(s)://host:port (MLflow), wandb://<entity>/<project>; default $DIMEXP_TRACKING_URI, else $MLFLOW_TRACKING_URI, else ./dimexp.db",
};

export const TRACKING_URI_DETAILS =
  "The store is --tracking-uri, else $DIMEXP_TRACKING_URI, else $MLFLOW_TRACKING_URI, else ./dimexp.db in the current directory. The names local, mlflow and wandb select a backend configured by its own variables (MLFLOW_TRACKING_URI; WANDB_PROJECT, WANDB_ENTITY, WANDB_MODE, …). These commands only read: they never create, upgrade or write a store, and a store file that does not exist is an error.";

/** Registers the shipped backends' providers with core (again each time: a command may have registered an older factory meanwhile). */
export const registerBuiltInBackends = (): void => {
  registerBackendProvider(localProvider);
  registerBackendProvider(mlflowProvider);
  registerBackendProvider(wandbProvider);
};

/** A CoreError as a UserError: its message already names the input and the fix. */
export const coreFailure = (error: CoreError): UserError => new UserError(error.message);

export const orFailCore = <A>(result: Either<CoreError, A>): A => {
  if (result._tag === "Left") throw coreFailure(result.left);
  return result.right;
};

export const runTask = async <E extends CoreError, A>(task: TaskEither<E, A>): Promise<A> => orFailCore(await task());

export interface Store {
  readonly backend: ExperimentBackend;
  /** the tracking URI as resolved, credentials removed */
  readonly uri: string;
  /** where that URI came from, for messages */
  readonly source: string;
  /** the backend's own description of where it stores */
  readonly location: string;
}

/**
 * Opens a store for reading: never creates, migrates or writes it. A local
 * store file that does not exist is a UserError saying where it was looked
 * for and why (a typo in a path should not leave files behind).
 */
export const openStoreForReading = async (
  uriOrName: string,
  source: string,
  io: CliIo,
): Promise<{ readonly backend: ExperimentBackend; readonly uri: string }> => {
  registerBuiltInBackends();
  const resolving = await resolveBackend(uriOrName, io.env);
  // a value from the environment is not on the command line: say where it came from
  if (resolving._tag === "Left" && /^[A-Z_]+$/.test(source) && !resolving.left.message.includes(source)) {
    throw new UserError(`${resolving.left.message} (The value comes from ${source}: fix or unset it, or pass --tracking-uri.)`);
  }
  const resolved = orFailCore(resolving);
  if (resolved.provider.name === "local") {
    const path = orFailCore(parseLocalUri(resolved.uri));
    if (path !== ":memory:" && !existsSync(resolve(path))) {
      const named = resolved.byName ? `the backend "local" from ${source}` : `tracking URI ${JSON.stringify(redactUri(uriOrName))} from ${source}`;
      throw new UserError(
        `No dimexp store at ${resolve(path)} (${named}${source === "the default" || resolved.byName ? `, relative to ${process.cwd()}` : ""}). Log runs there first, or point ${source.startsWith("--") && source !== "--tracking-uri" ? source : "--tracking-uri or DIMEXP_TRACKING_URI"} at an existing store.`,
      );
    }
  }
  const backend = orFailCore(await openBackend(resolved.uri, io.env, { readOnly: true }));
  // a name is shown with what it resolved to: "mlflow (http://127.0.0.1:5000)"
  const shown = resolved.byName ? `${uriOrName.trim()} (${redactUri(resolved.uri)})` : redactUri(uriOrName);
  return { backend, uri: shown };
};

/** Opens the store read-only, runs `body` with it, and closes it. */
export const withStore = async <A>(input: CommandInput, io: CliIo, body: (store: Store) => Promise<A>): Promise<A> => {
  const explicit = input.string("tracking-uri");
  const uri = resolveTrackingUri(explicit, io.env);
  const source = trackingUriSource(explicit, io.env, "--tracking-uri");
  const { backend, uri: shown } = await openStoreForReading(uri, source, io);
  const store: Store = { backend, uri: shown, source, location: backend.location };
  try {
    return await body(store);
  } finally {
    await backend.close()();
  }
};

/** An experiment by name, or a UserError listing the experiments the store has. */
export const findExperiment = async (store: Store, name: string): Promise<ExperimentInfo> => {
  const found = await runTask(store.backend.findExperiment(name));
  if (found) return found;
  const all = await runTask(store.backend.listExperiments());
  const names = all.map((e) => e.name);
  const listed = names.length > 0 ? ` Experiments there: ${names.join(", ")}.` : " It has no experiments yet.";
  throw new UserError(`No experiment ${JSON.stringify(name)} in ${store.location}.${didYouMean(name, names)}${listed}`);
};

/** The UserError for a command that needs --experiment and was not given one. */
export const missingExperiment = async (store: Store, command: string): Promise<UserError> => {
  const names = (await runTask(store.backend.listExperiments())).map((e) => e.name);
  const listed = names.length > 0 ? ` Experiments in ${store.location}: ${names.join(", ")}.` : ` ${store.location} has no experiments yet.`;
  return new UserError(`"${command}" needs --experiment <name>.${listed}`);
};
