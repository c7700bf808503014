// Full arrays from logArray as W&B run files, in core's array file format
// (Python dimtensor's DimArray JSON): dimexp/arrays/<key>/<sequence>-step-<step>.json,
// where `<sequence>` sorts in logging order. They travel as the SDK's own
// files do (wandb.save):
//
//   online   CreateRunFiles for upload URLs, a PUT of each file (with the
//            headers W&B asks for, no API key: the URLs are signed), then the
//            paths in file_stream's `uploaded` list; read back with the run's
//            `files(pattern:)` query and a GET of each file's URL
//   offline  the file under the run folder's files/, and a Files record in the
//            .wandb log — what `wandb sync` uploads; read back from files/, only
//            the files a Files record names (a file written by a process that
//            died before its record is not part of the run)

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { type ArrayRecord, arrayFileFolder, arrayFilePath, decodeArrayFile, encodeArrayFile, nextArraySequence } from "@dimexp/core";
import type { WandbGraphQL } from "./graphql-client.js";
import type { HttpClient } from "./http.js";

export interface ArrayFile {
  /** the run file name (a path relative to the run's files) */
  readonly name: string;
  readonly body: Uint8Array;
}

/** Names and bodies of a batch's arrays; `sequence` is the run's last sequence, advanced. */
export const arrayFiles = (arrays: readonly ArrayRecord[], sequence: { last: number }): ArrayFile[] =>
  arrays.map((a) => {
    const next = nextArraySequence(sequence.last);
    sequence.last = next.value;
    return { name: arrayFilePath(a.key, next.text, a.step), body: Buffer.from(encodeArrayFile(a), "utf8") };
  });

/** Runs tasks with at most `limit` at a time; the first failure rejects (after the running ones finish). */
const pool = async <T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
};

export interface RunAddress {
  readonly entity: string;
  readonly project: string;
  readonly run: string;
}

/** Uploads files of a run as the SDK does (CreateRunFiles, then a PUT of each). */
export const uploadRunFiles = async (http: HttpClient, gql: WandbGraphQL, where: RunAddress, files: readonly ArrayFile[]): Promise<void> => {
  if (files.length === 0) return;
  const { headers, urls } = await gql.createRunFiles(where.entity, where.project, where.run, files.map((f) => f.name));
  await pool(files, 4, async (file) => {
    const url = urls.get(file.name);
    if (!url) throw new Error(`W&B gave no upload URL for the run file ${JSON.stringify(file.name)}`);
    await http.putFile(url, file.body, headers, `upload the run file ${file.name} of run ${where.run}`);
  });
};

const inFolder = (name: string, folder: string): boolean =>
  name.startsWith(folder) && name.endsWith(".json") && !name.slice(folder.length).includes("/");

/** Reads a key's array files of an online run, in logging order. */
export const readOnlineArrays = async (http: HttpClient, gql: WandbGraphQL, where: RunAddress, key: string): Promise<ArrayRecord[]> => {
  const folder = `${arrayFileFolder(key)}/`;
  // LIKE's "_" matches any character: the pattern may be looser than the folder, never stricter
  const files = (await gql.runFiles(where.entity, where.project, where.run, `${folder}%`)).filter((f) => inFolder(f.name, folder));
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Array<ArrayRecord | undefined> = new Array(files.length);
  await pool(
    files.map((file, i) => ({ file, i })),
    4,
    async ({ file, i }) => {
      const bytes = await http.getFile(file.url, `download the run file ${file.name} of run ${where.run}`);
      out[i] = bytes ? decodeArrayFile(new TextDecoder().decode(bytes), key) : undefined;
    },
  );
  return out.filter((a): a is ArrayRecord => a !== undefined && a.key === key);
};

/** Writes files under an offline run's files/ folder, each whole and on disk before it is named in the log. */
export const writeOfflineFiles = (filesDir: string, files: readonly ArrayFile[]): void => {
  for (const file of files) {
    const target = path.join(filesDir, ...file.name.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      const fd = openSync(temporary, "w");
      try {
        writeSync(fd, file.body);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
};

/** Reads a key's array files of an offline run: those its log names, in logging order. */
export const readOfflineArrays = (filesDir: string, named: ReadonlySet<string>, key: string): ArrayRecord[] => {
  const folder = `${arrayFileFolder(key)}/`;
  let entries: string[];
  try {
    entries = readdirSync(path.join(filesDir, ...arrayFileFolder(key).split("/")));
  } catch {
    return [];
  }
  const out: ArrayRecord[] = [];
  for (const entry of entries.filter((e) => e.endsWith(".json")).sort()) {
    const name = `${folder}${entry}`;
    if (!named.has(name)) continue;
    const record = decodeArrayFile(readFileSync(path.join(filesDir, ...name.split("/")), "utf8"), key);
    if (record && record.key === key) out.push(record);
  }
  return out;
};
