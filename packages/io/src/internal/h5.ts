// h5wasm, loaded on first use (JSON users never load the WASM), and a guard
// around every call into it.
//
// Why the guard patches fs.writeSync: h5wasm's Node build reaches the host
// filesystem through Emscripten's NODERAWFS, so the HDF5 library's error
// stack ("HDF5-DIAG: Error detected…") is written straight to file
// descriptor 2 with fs.writeSync — and many failures are reported *only*
// there: opening a truncated file returns an invalid id, and reading a
// corrupted chunk returns uninitialised memory, without any exception. h5wasm
// calls are synchronous, so for the duration of one call nothing else in the
// process can write; the guard captures what HDF5 prints in that window,
// keeps it off the user's terminal, and turns it into a typed error.

import fs from "node:fs";
import type { Dataset, File as H5File, Group } from "h5wasm";
import { type FileError, fileAccessError, malformedFile } from "../errors.js";
import { FileFailure } from "./json-reader.js";

export type { Dataset, Group, H5File };

type H5wasm = typeof import("h5wasm").default;

let loading: Promise<H5wasm> | undefined;

/** h5wasm's Node build, ready to use. */
export const loadH5 = (): Promise<H5wasm> => {
  loading ??= import("h5wasm/node").then(async (module) => {
    const h5 = ((module as { default?: H5wasm }).default ?? module) as H5wasm;
    await h5.ready;
    return h5;
  });
  return loading;
};

const textOf = (buffer: unknown, rest: unknown[]): string => {
  if (typeof buffer === "string") return buffer;
  if (ArrayBuffer.isView(buffer)) {
    const offset = typeof rest[0] === "number" ? rest[0] : 0;
    const length = typeof rest[1] === "number" ? rest[1] : buffer.byteLength - offset;
    return Buffer.from(buffer.buffer, buffer.byteOffset + offset, length).toString("utf8");
  }
  return "";
};

/** The most specific message of an HDF5 error stack: its last "#NNN: … in f(): message" line. */
export const hdf5Problem = (diagnostics: string): string => {
  const lines = diagnostics.split("\n");
  const frames = lines.filter((l) => /^\s*#\d+:/.test(l));
  const last = frames[frames.length - 1];
  const message = last ? last.replace(/^\s*#\d+:.*?\(\):\s*/, "").trim() : "";
  const minor = lines
    .map((l) => /^\s*minor:\s*(.*)$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined)
    .pop();
  return [message, minor && !message.toLowerCase().includes(minor.toLowerCase()) ? `(${minor})` : ""].filter(Boolean).join(" ") || "HDF5 reported an error";
};

const classify = (problem: string): "truncated" | "not-hdf5" | "corrupt" => {
  if (/truncated/i.test(problem)) return "truncated";
  if (/signature not found|not an hdf5 file/i.test(problem)) return "not-hdf5";
  return "corrupt";
};

/**
 * Runs one synchronous h5wasm call. Anything HDF5 reports — or an exception —
 * becomes a FileFailure naming the file and the object: a MalformedFile when
 * reading, a FileAccessError when writing.
 */
export const h5call = <T>(file: string, where: string, mode: "read" | "write", call: () => T): T => {
  const original = fs.writeSync;
  let diagnostics = "";
  const quiet = function (this: unknown, fd: number, buffer: unknown, ...rest: unknown[]): number {
    if (fd === 2) {
      const text = textOf(buffer, rest);
      diagnostics += text;
      return typeof buffer === "string" ? Buffer.byteLength(buffer) : text.length;
    }
    return (original as (...args: unknown[]) => number).call(fs, fd, buffer, ...rest);
  };
  (fs as { writeSync: unknown }).writeSync = quiet;
  let result: T;
  try {
    result = call();
  } catch (cause) {
    (fs as { writeSync: unknown }).writeSync = original;
    const detail = diagnostics ? hdf5Problem(diagnostics) : cause instanceof Error ? cause.message : String(cause);
    throw failure(file, where, mode, detail);
  }
  (fs as { writeSync: unknown }).writeSync = original;
  if (diagnostics.includes("HDF5-DIAG") || diagnostics.includes("Error detected")) throw failure(file, where, mode, hdf5Problem(diagnostics));
  return result;
};

const failure = (file: string, where: string, mode: "read" | "write", detail: string): FileFailure => {
  let error: FileError;
  if (mode === "write") {
    const access = fileAccessError(file, "write", new Error(`HDF5 could not write ${where || "/"}: ${detail}`));
    error = access;
  } else {
    const reason = classify(detail);
    const text =
      reason === "not-hdf5"
        ? `not an HDF5 file (${detail})`
        : reason === "truncated"
          ? `the HDF5 file is truncated (${detail})`
          : `the HDF5 file is corrupted: ${detail}`;
    error = malformedFile(file, { path: where || "/" }, reason, text);
  }
  return new FileFailure(error);
};

/** Chunk dimensions for an array: whole trailing rows, about `maxElements` elements per chunk. */
export const chunkShape = (shape: readonly number[], maxElements: number): number[] => {
  const chunks = [...shape];
  let elements = shape.reduce((a, b) => a * b, 1);
  for (let d = 0; d < chunks.length && elements > maxElements; d++) {
    const rest = elements / (chunks[d] as number);
    const keep = Math.max(1, Math.floor(maxElements / rest));
    chunks[d] = Math.min(chunks[d] as number, keep);
    elements = rest * (chunks[d] as number);
  }
  return chunks;
};
