// Writes an experiment as a dimexp-experiment JSON file (format 1.0, see the
// README for the schema). The output is deterministic — keys in a fixed
// order, tags/params/metrics sorted, numbers in their shortest exact text —
// so exporting the same experiment twice, or re-exporting an import, gives
// byte-identical files. Structure is indented; each numeric array is one line.

import type { FileHandle } from "node:fs/promises";
import type { ProgressTracker } from "../progress.js";
import { JsonFileWriter, jsonNumber, jsonString } from "./json-writer.js";
import { FORMAT_NAME, FORMAT_VERSION, type ParamEntry } from "./model.js";
import type { Source } from "./source.js";

const pad = (n: number): string => " ".repeat(n);

const stringMap = (entries: ReadonlyArray<readonly [string, string]>, indent: number): string => {
  if (entries.length === 0) return "{}";
  const inner = entries.map(([k, v]) => `${pad(indent + 2)}${jsonString(k)}: ${jsonString(v)}`).join(",\n");
  return `{\n${inner}\n${pad(indent)}}`;
};

const paramObject = (p: ParamEntry): string => {
  const fields = [`"type": ${jsonString(p.type ?? "string")}`, `"value": ${jsonString(p.value)}`];
  if (p.unit !== undefined) fields.push(`"unit": ${jsonString(p.unit)}`);
  if (p.unitLabel !== undefined) fields.push(`"unitLabel": ${jsonString(p.unitLabel)}`);
  return `{${fields.join(", ")}}`;
};

const time = (t: number | undefined): string => (t === undefined ? "null" : jsonNumber(t));

export const writeExperimentJson = async (handle: FileHandle, source: Source, progress: ProgressTracker): Promise<number> => {
  const w = new JsonFileWriter(handle);
  const { header } = source;
  w.push(
    `{\n  "format": ${jsonString(FORMAT_NAME)},\n  "version": ${jsonString(FORMAT_VERSION)},\n  "experiment": {\n` +
      `    "name": ${jsonString(header.name)},\n    "createdAt": ${time(header.createdAt)},\n    "tags": ${stringMap(header.tags, 4)}\n  },\n  "runs": [`,
  );
  for (const [index, run] of source.runs.entries()) {
    const e = run.entry;
    w.push(index === 0 ? "\n" : ",\n");
    w.push(
      `    {\n      "id": ${jsonString(e.id)},\n      "name": ${jsonString(e.name)},\n      "status": ${jsonString(e.status)},\n` +
        `      "startTime": ${time(e.startTime)},\n      "endTime": ${time(e.endTime)},\n      "tags": ${stringMap(e.tags, 6)},\n      "params": `,
    );
    w.push(
      e.params.length === 0
        ? "{}"
        : `{\n${e.params.map((p) => `        ${jsonString(p.key)}: ${paramObject(p)}`).join(",\n")}\n      }`,
    );
    w.push(',\n      "metrics": ');
    if (run.metrics.length === 0) w.push("{}");
    for (const [i, metric] of run.metrics.entries()) {
      const series = await run.loadMetric(metric.key);
      w.push(i === 0 ? "{\n" : ",\n");
      w.push(`        ${jsonString(metric.key)}: {\n`);
      if (metric.unit !== undefined) w.push(`          "unit": ${jsonString(metric.unit)},\n`);
      if (metric.unitLabel !== undefined) w.push(`          "unitLabel": ${jsonString(metric.unitLabel)},\n`);
      w.push(`          "count": ${series.values.length},\n          "steps": `);
      // a point counts once, when its values are written
      await w.numbers(series.steps);
      w.push(',\n          "values": ');
      await w.numbers(series.values, (n) => progress.points(n, w.bytesWritten));
      w.push(',\n          "timestamps": ');
      await w.numbers(series.timestamps);
      w.push("\n        }");
      progress.withinRun((i + 1) / (run.metrics.length + (run.arrayKeys.length > 0 ? 1 : 0)));
    }
    if (run.metrics.length > 0) w.push("\n      }");
    w.push(',\n      "arrays": ');
    let arrays = 0;
    for (const key of run.arrayKeys) {
      for (const a of await run.loadArrays(key)) {
        w.push(arrays === 0 ? "[\n" : ",\n");
        w.push(
          `        {\n          "key": ${jsonString(a.key)},\n          "step": ${jsonNumber(a.step)},\n          "timestamp": ${jsonNumber(a.timestamp)},\n` +
            `          "unit": ${jsonString(a.unit)},\n          "shape": [${a.shape.join(", ")}],\n          "data": `,
        );
        await w.numbers(a.data);
        w.push("\n        }");
        arrays++;
      }
    }
    w.push(arrays === 0 ? "[]" : "\n      ]");
    w.push("\n    }");
    await w.drain();
    progress.runDone(w.bytesWritten);
  }
  w.push(source.runs.length === 0 ? "]\n}\n" : "\n  ]\n}\n");
  await w.flush();
  progress.bytes(w.bytesWritten);
  return w.bytesWritten;
};
