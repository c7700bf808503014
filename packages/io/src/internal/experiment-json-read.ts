// Decodes an experiment file, streaming, run by run, from any of the JSON
// shapes we read:
//
//   dimexp-experiment 1.x   ours (README: "JSON schema"); a newer minor's unknown fields are skipped
//   dimexp-experiment 0.x   the pre-release draft: points as [step, value, timestamp] triples,
//                           params as plain values with a unit, no codec tags — migrated
//   dimtensor export        Python dimtensor's DimExperiment.export(): no version, latest
//                           metric values only — migrated (each metric becomes one point)
//
// A newer major version is refused before any run is read. This file only
// dispatches: the formats live in json-read/, around one run decoder.

import { type FileLocation, malformedFile } from "../errors.js";
import { decodeDimtensorRun } from "./json-read/dimtensor.js";
import { unknownField } from "./json-read/fields.js";
import { decodeRunV0 } from "./json-read/v0.js";
import { decodeHeaderV1, decodeRunV1 } from "./json-read/v1.js";
import { FileFailure, type JsonReader } from "./json-reader.js";
import { type ExperimentHeader, FORMAT_MAJOR, FORMAT_MINOR, FORMAT_NAME, FORMAT_VERSION, type RunEntry } from "./model.js";
import { type Version, checkVersion, wrongFormat } from "./version.js";

export type FileKind = "dimexp" | "dimexp-0" | "dimtensor";

export interface FileInfo {
  readonly kind: FileKind;
  /** the version the file declares ("1.0", "0.9"), or "none" for dimtensor exports */
  readonly version: string;
}

export interface DecodeHandlers {
  onHeader(header: ExperimentHeader, info: FileInfo): Promise<void> | void;
  onRun(run: RunEntry, index: number): Promise<void> | void;
  onWarning?(text: string): void;
}

export const decodeExperimentJson = async (reader: JsonReader, handlers: DecodeHandlers): Promise<{ runs: number; info: FileInfo }> => {
  const file = reader.file;
  let format: string | undefined;
  let version: Version | undefined;
  let header: ExperimentHeader | undefined;
  let dimtensorName: string | undefined;
  let dimtensorNameAt: FileLocation | undefined;
  let sawDimtensorField = false;
  let runsRead: number | undefined;
  let info: FileInfo | undefined;
  const warn = handlers.onWarning ?? (() => undefined);
  const lenient = () => version !== undefined && version.major === FORMAT_MAJOR && version.minor > FORMAT_MINOR;

  const firstChar = await reader.peek();
  if (firstChar !== 123) {
    if (firstChar < 0) throw new FileFailure(malformedFile(file, { path: "$", line: 1, column: 1, offset: 0 }, "truncated", "the file is empty"));
    throw reader.invalid(await reader.here("$"), `expected an experiment file (a JSON object), found ${await reader.nextKind()}`);
  }

  await reader.readObject("$", async (key, path) => {
    switch (key) {
      case "format": {
        const at = await reader.here(path);
        format = await reader.readString(path);
        if (format !== FORMAT_NAME) throw wrongFormat(file, at, format);
        // our own files are strict JSON (README); only dimtensor's have bare NaN/Infinity
        reader.bareSpecialNumbers = false;
        return;
      }
      case "version": {
        const at = await reader.here(path);
        const text = await reader.readString(path, 'a version string such as "1.0"');
        version = checkVersion(file, at, text);
        if (version === undefined) throw reader.invalid(at, `expected a version "<major>.<minor>" such as "${FORMAT_VERSION}", found "${text}"`);
        return;
      }
      case "experiment": {
        if (version === undefined) throw reader.invalid(await reader.here(path), '"version" must come before "experiment"');
        if (version.major === 0) {
          const at = await reader.here(path);
          header = { name: await reader.readString(path, "a string (the experiment name)"), createdAt: undefined, tags: [], at };
        } else header = await decodeHeaderV1(reader, path, lenient());
        return;
      }
      case "experiment_name":
        sawDimtensorField = true;
        dimtensorNameAt = await reader.here(path);
        dimtensorName = await reader.readString(path, "a string (the experiment name)");
        return;
      case "backend":
        sawDimtensorField = true;
        await reader.readString(path, 'a string ("mlflow" or "wandb")');
        return;
      case "runs": {
        if (format !== undefined) {
          if (version === undefined) throw reader.invalid(await reader.here(path), '"version" must come before "runs"');
          if (header === undefined) throw reader.invalid(await reader.here(path), '"experiment" must come before "runs"');
          info = { kind: version.major === 0 ? "dimexp-0" : "dimexp", version: version.text };
        } else if (sawDimtensorField) {
          if (dimtensorName === undefined) throw reader.invalid(await reader.here(path), '"experiment_name" must come before "runs"');
          header = { name: dimtensorName, createdAt: undefined, tags: [], at: dimtensorNameAt };
          info = { kind: "dimtensor", version: "none" };
        } else {
          throw reader.invalid(
            await reader.here(path),
            `no "format" and "version" before "runs": this is neither a ${FORMAT_NAME} file nor a dimtensor experiment export`,
          );
        }
        await handlers.onHeader(header as ExperimentHeader, info);
        const kind = info.kind;
        runsRead = await reader.readArray(
          path,
          async (index, runPath) => {
            const run =
              kind === "dimexp"
                ? await decodeRunV1(reader, runPath, lenient())
                : kind === "dimexp-0"
                  ? await decodeRunV0(reader, runPath)
                  : await decodeDimtensorRun(reader, runPath, warn);
            await handlers.onRun(run, index);
          },
          "an array of runs",
        );
        return;
      }
      case "data":
      case "unit":
      case "dtype":
        if (format === undefined && !sawDimtensorField) {
          throw reader.invalid(
            await reader.here(path),
            "this looks like a dimtensor DimArray file (it has \"data\" and \"unit\"), not an experiment: read it with readDimArrayJson()",
          );
        }
        await unknownField(reader, path, key, ["format", "version", "experiment", "runs"], lenient() || sawDimtensorField);
        return;
      default:
        await unknownField(reader, path, key, ["format", "version", "experiment", "runs"], lenient() || (sawDimtensorField && format === undefined));
    }
  });
  await reader.end();
  if (runsRead === undefined || info === undefined) {
    const at: FileLocation = { path: "$" };
    if (format === undefined && !sawDimtensorField) throw reader.invalid(at, `missing "format": this is not a ${FORMAT_NAME} file or a dimtensor experiment export`);
    if (format !== undefined && version === undefined) throw reader.invalid(at, 'missing the field "version"');
    if (header === undefined && !sawDimtensorField) throw reader.invalid(at, 'missing the field "experiment"');
    throw reader.invalid(at, 'missing the field "runs"');
  }
  return { runs: runsRead, info };
};
