// Opening the store the experiments and runs commands read. The tracking URI
// comes from --tracking-uri, else DIMEXP_TRACKING_URI, else MLFLOW_TRACKING_URI,
// else ./dimexp.db (core's resolveTrackingUri, fed the io's environment, not
// process.env, so an embedding program or a test decides what the CLI sees).
//
// The backends (local, MLflow, W&B) are registered with core explicitly: core's fallback imports
// @dimexp/backend-local from the current directory's project first, which would
// make `dimexp` behave differently depending on where it is run.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fromTrackingUri, parseLocalUri } from "@dimexp/backend-local";
import { fromTrackingUri as mlflowFromTrackingUri } from "@dimexp/backend-mlflow";
import { fromTrackingUri as wandbFromTrackingUri } from "@dimexp/backend-wandb";
import {
  type CoreError,
  type Either,
  type ExperimentBackend,
  type ExperimentInfo,
  type TaskEither,
  classifyTrackingUri,
  openBackend,
  redactUri,
  registerBackend,
  resolveTrackingUri,
} from "@dimexp/core";
import type { CommandInput, OptionSpec } from "./command.js";
import { UserError } from "./errors.js";
import type { CliIo } from "./io.js";
import { didYouMean } from "./suggest.js";

export const TRACKING_URI_OPTION: OptionSpec = {
  type: "string",
  valueName: "uri",
  description:
    "where runs are stored: a file path or sqlite:<path> (embedded store), http(s)://host:port (MLflow), wandb://<entity>/<project>; default $DIMEXP_TRACKING_URI, else $MLFLOW_TRACKING_URI, else ./dimexp.db",
};

export const TRACKING_URI_DETAILS =
  "The store is --tracking-uri, else $DIMEXP_TRACKING_URI, else $MLFLOW_TRACKING_URI, else ./dimexp.db in the current directory. Nothing is created by these commands: a store file that does not exist is an error.";

let registered = false;

export const registerBuiltInBackends = (): void => {
  if (registered) return;
  registerBackend("local", fromTrackingUri);
  registerBackend("mlflow", mlflowFromTrackingUri);
  registerBackend("wandb", wandbFromTrackingUri);
  registered = true;
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

const uriSource = (explicit: string | undefined, env: CliIo["env"]): string => {
  if (explicit?.trim()) return "--tracking-uri";
  if (env.DIMEXP_TRACKING_URI?.trim()) return "DIMEXP_TRACKING_URI";
  if (env.MLFLOW_TRACKING_URI?.trim()) return "MLFLOW_TRACKING_URI";
  return "the default";
};

/**
 * Opens the store, runs `body` with it, and closes it. A local store file that
 * does not exist is a UserError (opening it would create an empty one, and a
 * typo in a path should not leave files behind).
 */
export const withStore = async <A>(input: CommandInput, io: CliIo, body: (store: Store) => Promise<A>): Promise<A> => {
  registerBuiltInBackends();
  const explicit = input.string("tracking-uri");
  const uri = resolveTrackingUri(explicit, io.env);
  const source = uriSource(explicit, io.env);
  const kind = orFailCore(classifyTrackingUri(uri)).kind;
  if (kind === "local") {
    const path = orFailCore(parseLocalUri(uri));
    if (path !== ":memory:" && !existsSync(resolve(path))) {
      throw new UserError(
        `No dimexp store at ${resolve(path)} (tracking URI ${JSON.stringify(uri)} from ${source}${source === "the default" ? `, relative to ${process.cwd()}` : ""}). Log runs there first, or point --tracking-uri or DIMEXP_TRACKING_URI at an existing store.`,
      );
    }
  }
  const backend = orFailCore(await openBackend(uri, io.env));
  const store: Store = { backend, uri: redactUri(uri), source, location: backend.location };
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
