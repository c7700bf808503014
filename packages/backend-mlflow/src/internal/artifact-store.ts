// Where a run's artifacts (dimexp's array files) go, decided from the run's
// artifact_uri as MLflow's own client decides it:
//
//   mlflow-artifacts:/…   the tracking server proxies them (the default of
//                         `mlflow server`): PUT/GET through its artifact API
//   file:///dir/… or /dir/…   a local artifact root (`mlflow server
//                         --no-serve-artifacts --default-artifact-root /dir`):
//                         the client writes the files itself, at the same
//                         relative path, as MLflow's LocalArtifactRepository does
//   s3:, gs:, wasbs:, hdfs:, dbfs:, … object stores and the rest need their own
//                         SDKs and credentials: not written; the user is told why

import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { redactUri } from "@dimexp/core";
import type { RestClient } from "./rest-client.js";

export interface ArtifactStore {
  readonly kind: "proxy" | "local";
  /** for messages: where the files go */
  readonly location: string;
  put(relative: string, body: string): Promise<void>;
  /** file names (not paths) directly in a folder; empty when it does not exist */
  list(folder: string): Promise<string[]>;
  /** a file's bytes, undefined when it does not exist */
  get(relative: string): Promise<Uint8Array | undefined>;
}

export type ArtifactPlace =
  | { readonly kind: "proxy"; readonly root: string }
  | { readonly kind: "local"; readonly dir: string }
  | { readonly kind: "unsupported"; readonly reason: string };

/** Where the artifacts of a run with this artifact_uri can be written from here, or why they cannot. */
export const artifactPlace = (artifactUri: string | undefined): ArtifactPlace => {
  if (!artifactUri) return { kind: "unsupported", reason: "the server gave the run no artifact location (artifact_uri)" };
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
  if (proxied) return { kind: "proxy", root: (proxied[1] ?? "").replace(/\/+$/, "") };
  if (/^file:/i.test(artifactUri)) {
    try {
      const url = new URL(artifactUri);
      if (url.host === "" || url.host === "localhost") return { kind: "local", dir: fileURLToPath(url) };
    } catch {
      /* reported below */
    }
    return { kind: "unsupported", reason: `the run's artifact location ${redactUri(artifactUri)} is a file: URI of another host` };
  }
  if (path.posix.isAbsolute(artifactUri) && !artifactUri.startsWith("//")) return { kind: "local", dir: artifactUri };
  const scheme = /^([a-zA-Z][\w+.-]*):/.exec(artifactUri)?.[1];
  const where = scheme ? `an ${scheme}: store` : "a relative path, which only the server can resolve";
  return {
    kind: "unsupported",
    reason: `the run's artifact location ${redactUri(artifactUri)} is ${where}; dimexp writes arrays through the tracking server's artifact proxy (mlflow server --serve-artifacts, the default) or to a local artifact root (--default-artifact-root /dir)`,
  };
};

export const proxyStore = (client: RestClient, root: string): ArtifactStore => ({
  kind: "proxy",
  location: `${client.root.replace(/\/$/, "")} (artifact proxy, ${root})`,
  put: (relative, body) => client.putArtifact(root, relative, body, "application/json"),
  list: async (folder) =>
    (await client.listArtifacts(root, folder)).filter((f) => !f.is_dir).map((f) => f.path.split("/").at(-1) as string),
  get: (relative) => client.getArtifact(root, relative),
});

const missing = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === "ENOENT" || (error as NodeJS.ErrnoException)?.code === "ENOTDIR";

export const localStore = (dir: string): ArtifactStore => {
  const resolve = (relative: string): string => {
    const full = path.resolve(dir, relative);
    // array keys are validated names (no ".."), but a path must never leave the run's root
    if (full !== dir && !full.startsWith(`${path.resolve(dir)}${path.sep}`)) throw new Error(`the artifact path ${JSON.stringify(relative)} leaves the run's artifact root`);
    return full;
  };
  return {
    kind: "local",
    location: dir,
    put: async (relative, body) => {
      const file = resolve(relative);
      await mkdir(path.dirname(file), { recursive: true });
      // written whole or not at all: a reader never sees half a file (a left-over
      // temporary file does not end in .json, so readers skip it)
      const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(temporary, body);
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    list: async (folder) => {
      try {
        return (await readdir(resolve(folder), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      } catch (error) {
        if (missing(error)) return [];
        throw error;
      }
    },
    get: async (relative) => {
      try {
        return await readFile(resolve(relative));
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
  };
};

/** The store for a place, undefined when arrays cannot be written there. */
export const storeFor = (client: RestClient, place: ArtifactPlace): ArtifactStore | undefined =>
  place.kind === "proxy" ? proxyStore(client, place.root) : place.kind === "local" ? localStore(place.dir) : undefined;
