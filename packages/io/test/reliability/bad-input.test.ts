// Every kind of bad input is a typed error naming the file, the location and
// the problem — and changes nothing in the target.

import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ExperimentBackend, createMemoryBackend } from "@dimexp/core";
import h5wasm from "h5wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { type DimexpIoError, type IoError, exportExperiment, importExperiment, readDimArrayJson } from "../../src/index.js";
import { richExperiment, scratch } from "../helpers.js";

const dir = scratch();
let counter = 0;
const write = (text: string | Buffer, ext = "json") => {
  const path = join(dir, `bad-${counter++}.${ext}`);
  writeFileSync(path, text);
  return path;
};

const isEmpty = async (backend: ExperimentBackend) => {
  const experiments = await backend.listExperiments()();
  return experiments._tag === "Right" && experiments.right.length === 0;
};

/** Imports `path` into a fresh backend; returns the error and checks nothing was written. */
const importError = async (path: string): Promise<IoError & { file: string; location: { path: string; line?: number; column?: number }; problem: string }> => {
  const target = createMemoryBackend();
  const error = await importExperiment(path, { into: target }).then(
    () => {
      throw new Error(`importing ${path} succeeded`);
    },
    (e: DimexpIoError) => e,
  );
  expect(await isEmpty(target)).toBe(true);
  const tagged = error.error as IoError & { file: string; location: { path: string }; problem: string };
  expect(tagged.file).toBe(path);
  expect(error.message).toContain(path);
  expect(error.message).toContain(tagged.problem);
  return tagged;
};

const doc = (run: string, head = '"format": "dimexp-experiment",\n  "version": "1.0",\n  "experiment": {"name": "bad", "createdAt": 1, "tags": {}}') =>
  `{\n  ${head},\n  "runs": [\n${run}\n  ]\n}\n`;
const run = (fields: string) =>
  `    {"id": "r1", "name": "r1", "status": "FINISHED", "startTime": 1, "endTime": 2, "tags": {}, "params": {}, "arrays": [],\n     ${fields}}`;
const metric = (body: string) => run(`"metrics": {"loss": {${body}}}`);
const GOOD_METRIC = '"unit": "J", "count": 3, "steps": [0, 1, 2], "values": [1, 2, 3], "timestamps": [1, 2, 3]';

describe("truncated and malformed JSON", () => {
  let exported = "";
  beforeAll(async () => {
    const path = join(dir, "good.json");
    await exportExperiment(await richExperiment(), path);
    exported = readFileSync(path, "utf8");
  });

  it("a file cut anywhere is a truncated-file error at its end", async () => {
    for (const fraction of [0.001, 0.05, 0.2, 0.37, 0.5, 0.61, 0.75, 0.9, 0.999]) {
      const cut = exported.slice(0, Math.floor(exported.length * fraction));
      const e = await importError(write(cut));
      expect(e, `cut at ${fraction}`).toMatchObject({ _tag: "MalformedFile", reason: "truncated" });
      expect(e.location.line).toBe(cut.split("\n").length);
      expect(e.problem).toContain("truncated");
    }
    expect(await importError(write(""))).toMatchObject({ _tag: "MalformedFile", reason: "truncated", problem: "the file is empty" });
  });

  it("syntax errors name the line, column and path", async () => {
    const cases: Array<[string, string, { line: number; column?: number; path?: string }, string]> = [
      ["missing comma", '{"format": "dimexp-experiment" "version": "1.0"}', { line: 1, column: 32 }, 'expected "," or "}"'],
      ["trailing comma", doc(metric('"steps": [0, 1,], "values": [1, 2], "timestamps": [1, 2]')), { line: 7, path: "$.runs[0].metrics.loss.steps[2]" }, 'found "]"'],
      ["single quotes", "{'format': 1}", { line: 1, column: 2 }, "expected a key in double quotes"],
      ["bad escape", '{"format": "dim\\qexp"}', { line: 1, column: 16 }, "invalid escape \\q"],
      ["raw newline in a string", '{"format": "dim\nexp"}', { line: 1, column: 16 }, "must be escaped"],
      ["bare word", doc(metric('"steps": [0, one], "values": [1, 2], "timestamps": [1, 2]')), { line: 7, path: "$.runs[0].metrics.loss.steps[1]" }, 'found "o"'],
      ["leading zero", doc(metric('"steps": [00], "values": [1], "timestamps": [1]')), { line: 7, path: "$.runs[0].metrics.loss.steps" }, 'expected "," or "]"'],
      ["garbage after the end", `${doc(metric(GOOD_METRIC))}}`, { line: 10 }, "after the end of the document"],
    ];
    for (const [name, text, where, problem] of cases) {
      const e = await importError(write(text));
      expect(e, name).toMatchObject({ _tag: "MalformedFile", reason: "syntax", location: where });
      expect(e.problem, name).toContain(problem);
    }
  });

  it("invalid UTF-8 is an encoding error", async () => {
    const bytes = Buffer.concat([Buffer.from(doc(run('"metrics": {}')).slice(0, 60)), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('"}')]);
    expect(await importError(write(bytes))).toMatchObject({ _tag: "MalformedFile", reason: "encoding" });
  });

  it("a duplicate key is an error, not a silent overwrite", async () => {
    const e = await importError(write(doc(run('"metrics": {}, "name": "r2"'))));
    expect(e).toMatchObject({ _tag: "MalformedFile", reason: "duplicate-key", location: { path: "$.runs[0].name", line: 7 } });
  });

  it("absurd nesting is refused instead of overflowing the stack", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const text = doc(run(`"metrics": {}, "extra": ${deep}`), '"format": "dimexp-experiment",\n  "version": "1.9",\n  "experiment": {"name": "bad"}');
    expect((await importError(write(text))).problem).toContain("nested more than 512 deep");
  });
});

describe("wrong types and values", () => {
  const cases: Array<[string, string, string, string]> = [
    ["a number as a name", run('"metrics": {}').replace('"name": "r1"', '"name": 7'), "$.runs[0].name", "expected a string (the run name), found a number"],
    ["an unknown status", run('"metrics": {}').replace('"FINISHED"', '"DONE"'), "$.runs[0].status", 'unknown run status "DONE"'],
    ["a date as text", run('"metrics": {}').replace('"startTime": 1', '"startTime": "yesterday"'), "$.runs[0].startTime", "expected a time in ms since the Unix epoch, found a string"],
    ["a string among steps", metric('"steps": [0, "abc"], "values": [1, 2], "timestamps": [1, 2]'), "$.runs[0].metrics.loss.steps[1]", 'found the string "abc"'],
    ["null among values", metric('"steps": [0, 1], "values": [1, null], "timestamps": [1, 2]'), "$.runs[0].metrics.loss.values[1]", "JSON.stringify writes NaN and Infinity as null"],
    ["columns of different lengths", metric('"steps": [0, 1], "values": [1], "timestamps": [1, 2]'), "$.runs[0].metrics.loss", "they have 2, 1 and 2"],
    ["a wrong count", metric('"count": 5, "steps": [0], "values": [1], "timestamps": [1]'), "$.runs[0].metrics.loss.count", '"count" is 5 but the metric has 1 points'],
    ["a missing column", metric('"steps": [0], "values": [1]'), "$.runs[0].metrics.loss", 'missing the field "timestamps"'],
    ["a number as a tag", run('"metrics": {}').replace('"tags": {}', '"tags": {"seed": 42}'), "$.runs[0].tags.seed", "expected a string (tags values are text)"],
    ["params as a list", run('"metrics": {}').replace('"params": {}', '"params": []'), "$.runs[0].params", "expected an object of params, found an array"],
    [
      "a shape that does not hold the data",
      run('"metrics": {}').replace('"arrays": []', '"arrays": [{"key": "field", "step": 0, "timestamp": 1, "unit": "K", "shape": [2, 2], "data": [1, 2, 3]}]'),
      "$.runs[0].arrays[0]",
      '"shape" [2, 2] holds 4 elements but "data" has 3',
    ],
    ["a run name with spaces around it", run('"metrics": {}').replace('"name": "r1"', '"name": " r1 "'), "$.runs[0].name", "starts or ends with whitespace"],
    ["a metric name with a bad character", run('"metrics": {"lo$s": {"steps": [0], "values": [1], "timestamps": [1]}}'), "$.runs[0].metrics.lo$s", 'it contains "$"'],
    ["a run that is not an object", "    42", "$.runs[0]", "expected a run object, found a number"],
  ];
  for (const [name, runText, path, problem] of cases) {
    it(name, async () => {
      const e = await importError(write(doc(runText)));
      expect(e).toMatchObject({ _tag: "InvalidContent", location: { path } });
      expect(e.location.line).toBeGreaterThan(0);
      expect(e.problem).toContain(problem);
    });
  }
});

describe("prototype pollution", () => {
  const payloads: Array<[string, string, string]> = [
    ["top level", doc(run('"metrics": {}')).replace('"format"', '"__proto__": {"polluted": "yes"},\n  "format"'), "$.__proto__"],
    ["experiment", doc(run('"metrics": {}'), '"format": "dimexp-experiment",\n  "version": "1.0",\n  "experiment": {"name": "bad", "constructor": {"prototype": {"polluted": "yes"}}}'), "$.experiment.constructor"],
    ["run tags", doc(run('"metrics": {}').replace('"tags": {}', '"tags": {"__proto__": "yes"}')), "$.runs[0].tags.__proto__"],
    ["a param", doc(run('"metrics": {}').replace('"params": {}', '"params": {"__proto__": {"type": "string", "value": "x"}}')), "$.runs[0].params.__proto__"],
    ["a metric", doc(run('"metrics": {"constructor": {"steps": [0], "values": [1], "timestamps": [1]}}')), "$.runs[0].metrics.constructor"],
    ["a metric field", doc(metric(`${GOOD_METRIC}, "prototype": 1`)), "$.runs[0].metrics.loss.prototype"],
    ["a dimtensor export", '{"experiment_name": "x", "backend": "mlflow", "runs": [{"run_id": "a", "params": {"__proto__": {"polluted": "yes"}}}]}', "$.runs[0].params.__proto__"],
  ];
  for (const [name, text, path] of payloads) {
    it(`refuses __proto__/constructor/prototype keys: ${name}`, async () => {
      const e = await importError(write(text));
      expect(e).toMatchObject({ _tag: "ForbiddenKey", location: { path } });
      expect(e.location.line).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
    });
  }

  it("in dimtensor DimArray files too", async () => {
    const path = write('{"data": [1.0], "__proto__": {"polluted": 1}, "unit": {"symbol": "m", "dimension": {"length": 1.0}, "scale": 1.0}}');
    const e = await readDimArrayJson(path).catch((x: DimexpIoError) => x);
    expect((e as DimexpIoError).error).toMatchObject({ _tag: "ForbiddenKey", key: "__proto__", location: { path: "$.__proto__", line: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("units", () => {
  it("an unknown unit names the unit, suggests one, and points at it", async () => {
    const e = await importError(write(doc(run('"metrics": {}').replace('"params": {}', '"params": {"length": {"type": "quantity", "value": "1", "unit": "metre_"}}'))));
    expect(e).toMatchObject({ _tag: "UnknownUnitInFile", unit: "metre_", location: { path: '$.runs[0].params.length.unit', line: 6 } });
    const metricUnit = await importError(write(doc(metric(GOOD_METRIC.replace('"J"', '"Jouel"')))));
    expect(metricUnit).toMatchObject({ _tag: "UnknownUnitInFile", unit: "Jouel", location: { path: "$.runs[0].metrics.loss.unit" } });
    expect(metricUnit.problem).toContain("Did you mean");
    const arrayUnit = await importError(
      write(doc(run('"metrics": {}').replace('"arrays": []', '"arrays": [{"key": "f", "step": 0, "timestamp": 1, "unit": "kelvinz", "shape": [1], "data": [1]}]'))),
    );
    expect(arrayUnit).toMatchObject({ _tag: "UnknownUnitInFile", location: { path: "$.runs[0].arrays[0].unit" } });
  });

  it("a unit that disagrees with the run's unit tags is refused", async () => {
    const text = doc(metric(GOOD_METRIC.replace('"J"', '"erg"')).replace('"tags": {}', '"tags": {"dimexp.metric.loss": "{\\"unit\\":\\"J\\"}"}'));
    const e = await importError(write(text));
    expect(e).toMatchObject({ _tag: "InvalidContent", location: { path: "$.runs[0].metrics.loss.unit" } });
    expect(e.problem).toContain('which say "J"');
  });
});

describe("bad HDF5", () => {
  let good = "";
  beforeAll(async () => {
    good = join(dir, "good.h5");
    const exp = await richExperiment();
    await exp.withRun("big", (r) => {
      for (let i = 0; i < 200_000; i++) r.logMetric("noise", Math.sin(i * 12.9898) * 43758.5453 % 1, { step: i });
    });
    await exportExperiment(exp, good);
  });

  it("a truncated file", async () => {
    const bytes = readFileSync(good);
    const e = await importError(write(bytes.subarray(0, Math.floor(bytes.length / 2)), "h5"));
    expect(e).toMatchObject({ _tag: "MalformedFile", reason: "truncated", location: { path: "/" } });
  });

  it("a file that is not HDF5 at all", async () => {
    const e = await importError(write("hello, this is text", "h5"));
    expect(e).toMatchObject({ _tag: "MalformedFile", reason: "not-hdf5" });
  });

  it("corrupted compressed data is detected, never returned as numbers", async () => {
    const bytes = Buffer.from(readFileSync(good));
    const at = Math.floor(bytes.length * 0.6);
    for (let i = at; i < at + 256; i++) bytes[i] = (bytes[i] as number) ^ 0x5a;
    const e = await importError(write(bytes, "h5"));
    expect(e).toMatchObject({ _tag: "MalformedFile", reason: "corrupt" });
    expect(e.location.path).toMatch(/^\/runs\/\d{6}/);
  });

  const edited = async (edit: (f: InstanceType<typeof h5wasm.File>) => void): Promise<string> => {
    const path = write(readFileSync(good), "h5");
    await h5wasm.ready;
    const f = new h5wasm.File(path, "a");
    try {
      edit(f);
    } finally {
      f.close();
    }
    return path;
  };

  it("an attribute of the wrong type", async () => {
    const path = await edited((f) => {
      const run = f.get("runs/000000") as InstanceType<typeof h5wasm.Group>;
      run.delete_attribute("start_time");
      run.create_attribute("start_time", "yesterday");
    });
    const e = await importError(path);
    expect(e).toMatchObject({ _tag: "InvalidContent", location: { path: "/runs/000000@start_time" } });
    expect(e.problem).toContain('expected a number (a float64 scalar attribute), found the string "yesterday"');
  });

  it("an unknown unit attribute", async () => {
    const path = await edited((f) => {
      const metric = f.get("runs/000000/metrics/train%2Floss") as InstanceType<typeof h5wasm.Group>;
      metric.delete_attribute("unit");
      metric.create_attribute("unit", "J/kgg");
    });
    expect(await importError(path)).toMatchObject({ _tag: "UnknownUnitInFile", unit: "J/kgg", location: { path: "/runs/000000/metrics/train%2Floss@unit" } });
  });

  it("a missing group, and an HDF5 file of another kind", async () => {
    const path = await edited((f) => f.create_group("extra"));
    expect(statSync(path).size).toBeGreaterThan(0);
    await h5wasm.ready;
    const other = join(dir, "other.h5");
    const f = new h5wasm.File(other, "w");
    f.create_dataset({ name: "data", data: new Float64Array([1, 2]) });
    f.close();
    const e = await importError(other);
    expect(e).toMatchObject({ _tag: "InvalidContent", location: { path: "/@format" } });
    expect(e.problem).toContain("readDimArrayHdf5()");
  });
});

it("a missing file is a FileAccessError", async () => {
  const path = join(dir, "nope.json");
  const e = await importError(path);
  expect(e).toMatchObject({ _tag: "FileAccessError", code: "ENOENT" });
});

describe("12.10: a time that is not a time is refused, naming the run, the field and the value", () => {
  const cases: Array<[string, string, string, string]> = [
    ["a start time of -1e300", run('"metrics": {}').replace('"startTime": 1', '"startTime": -1e300'), "$.runs[0].startTime", 'the start time of run "r1" is -1e+300'],
    ["an end time past Date's range", run('"metrics": {}').replace('"endTime": 2', '"endTime": 8.640000000000001e15'), "$.runs[0].endTime", 'the end time of run "r1" is 8640000000000001'],
    ["a NaN point timestamp", metric('"steps": [0, 1], "values": [1, 2], "timestamps": [1, "NaN"]'), "$.runs[0].metrics.loss.timestamps[1]", 'point 1 of the metric "loss" of run "r1" is NaN'],
    ["an infinite point timestamp", metric('"steps": [0], "values": [1], "timestamps": ["-Infinity"]'), "$.runs[0].metrics.loss.timestamps[0]", "is -Infinity"],
    [
      "an array logged at 1e20 ms",
      run('"metrics": {}').replace('"arrays": []', '"arrays": [{"key": "f", "step": 0, "timestamp": 1e20, "unit": "K", "shape": [1], "data": [1]}]'),
      "$.runs[0].arrays[0].timestamp",
      'the timestamp of the array "f" of run "r1" is 100000000000000000000',
    ],
  ];
  for (const [name, runText, path, problem] of cases) {
    it(name, async () => {
      const e = await importError(write(doc(runText)));
      expect(e).toMatchObject({ _tag: "InvalidContent", location: { path } });
      expect(e.problem).toContain(problem);
      expect(e.problem).toContain("what a JavaScript Date can hold");
    });
  }

  it("an experiment created at -1e300, and a dimtensor export's start time", async () => {
    const created = await importError(write(doc(run('"metrics": {}'), '"format": "dimexp-experiment",\n  "version": "1.0",\n  "experiment": {"name": "bad", "createdAt": -1e300, "tags": {}}')));
    expect(created).toMatchObject({ _tag: "InvalidContent", location: { path: "$.experiment.createdAt" } });
    expect(created.problem).toContain("the experiment's creation time is -1e+300");
    const foreign = await importError(write('{"experiment_name": "x", "backend": "mlflow", "runs": [{"run_id": "a", "run_name": "python", "start_time": -1e300}]}'));
    expect(foreign).toMatchObject({ _tag: "InvalidContent", location: { path: "$.runs[0].startTime" } });
    expect(foreign.problem).toContain('the start time of run "python" is -1e+300');
  });

  it("in HDF5 too", async () => {
    const path = join(dir, "times.h5");
    await exportExperiment(await richExperiment(), path);
    await h5wasm.ready;
    const f = new h5wasm.File(path, "a");
    try {
      const first = f.get("runs/000000") as InstanceType<typeof h5wasm.Group>;
      first.delete_attribute("start_time");
      first.create_attribute("start_time", -1e300, [], "<d");
    } finally {
      f.close();
    }
    const e = await importError(path);
    expect(e).toMatchObject({ _tag: "InvalidContent", location: { path: "/runs/000000@start_time" } });
    expect(e.problem).toContain("is -1e+300");
  });
});

describe("12.16: our own files are strict JSON (bare NaN/Infinity are dimtensor's, not ours)", () => {
  const cases: Array<[string, string, string, string]> = [
    ["a bare NaN among values", metric('"steps": [0, 1], "values": [1, NaN], "timestamps": [1, 2]'), "$.runs[0].metrics.loss.values[1]", "NaN is not JSON"],
    ["a bare -Infinity as a param value", run('"metrics": {}').replace('"params": {}', '"params": {"p": {"value": -Infinity}}'), "$.runs[0].params.p.value", "-Infinity is not JSON"],
    ["a bare Infinity as a start time", run('"metrics": {}').replace('"startTime": 1', '"startTime": Infinity'), "$.runs[0].startTime", "Infinity is not JSON"],
  ];
  for (const [name, runText, path, problem] of cases) {
    it(name, async () => {
      const e = await importError(write(doc(runText)));
      expect(e).toMatchObject({ _tag: "MalformedFile", reason: "syntax", location: { path } });
      expect(e.location.line).toBeGreaterThan(5);
      expect(e.problem).toContain(problem);
      expect(e.problem).toContain('as the strings "NaN", "Infinity", "-Infinity"');
    });
  }

  it("the same values as our strings import; a dimtensor export keeps its bare tokens", async () => {
    const target = createMemoryBackend();
    await importExperiment(write(doc(metric('"steps": [0, 1], "values": [1, "NaN"], "timestamps": [1, 2]'))), { into: target });
    const foreign = write('{"experiment_name": "x", "backend": "mlflow", "runs": [{"run_id": "a", "start_time": 1, "metrics": {"loss": NaN, "growth": -Infinity}}]}');
    const result = await importExperiment(foreign, { into: target });
    expect(result.points).toBe(2);
  });
});

describe("12.4: strings from a file are bounded before they are parsed; messages echo at most 200 characters", () => {
  const huge = "x".repeat(300_000);
  const tagged = (tags: string) => run('"metrics": {}').replace('"tags": {}', `"tags": {${tags}}`);
  const cases: Array<[string, string, string, string]> = [
    ["a 300,000-character param unit", run('"metrics": {}').replace('"params": {}', `"params": {"length": {"type": "quantity", "value": "1", "unit": "${huge}"}}`), "$.runs[0].params.length.unit", "a unit is 300,000 characters long"],
    ["a 300,000-character metric unit", metric(GOOD_METRIC.replace('"J"', `"${huge}"`)), "$.runs[0].metrics.loss.unit", "a unit is 300,000 characters long"],
    [
      "a 300,000-character array unit",
      run('"metrics": {}').replace('"arrays": []', `"arrays": [{"key": "f", "step": 0, "timestamp": 1, "unit": "${huge}", "shape": [1], "data": [1]}]`),
      "$.runs[0].arrays[0].unit",
      "a unit is 300,000 characters long",
    ],
    ["a 300,000-character dimtensor unit tag", tagged(`"unit.loss": "${huge}"`), '$.runs[0].tags["unit.loss"]', 'the value of the tag "unit.loss" is 300,000 characters long'],
    ["a 300,000-character dimexp unit tag", tagged(`"dimexp.metric.loss": "${huge}"`), '$.runs[0].tags["dimexp.metric.loss"]', "300,000 characters long, more than the 4,096 allowed"],
    ["a 300,000-character tag value", tagged(`"note": "${huge}"`), "$.runs[0].tags.note", "more than the 65,536 allowed"],
    ["a 300,000-character run name", run('"metrics": {}').replace('"name": "r1"', `"name": "${huge}"`), "$.runs[0].name", "the run name is 300,000 characters long"],
    ["a 300,000-character metric name", run(`"metrics": {"${huge}": {"steps": [0], "values": [1], "timestamps": [1]}}`), `$.runs[0].metrics.${huge}`, "the metric name is 300,000 characters long"],
    ["a 300,000-character param value", run('"metrics": {}').replace('"params": {}', `"params": {"p": {"value": "${huge}"}}`), "$.runs[0].params.p", 'the value of the param "p" is 300,000 characters long'],
    ["a 300,000-character run id", run('"metrics": {}').replace('"id": "r1"', `"id": "${huge}"`), "$.runs[0].id", "the run id is 300,000 characters long"],
  ];
  for (const [name, runText, path, problem] of cases) {
    it(name, async () => {
      const e = await importError(write(doc(runText)));
      expect(e).toMatchObject({ _tag: "InvalidContent", location: { path } });
      expect(e.problem).toContain(problem);
      expect(e.problem).toContain(`"${"x".repeat(200)}"… (300,000 characters)`);
      // the location's JSON path may name a long key; the rest of the message is short
      expect(e.message.length - e.location.path.length).toBeLessThan(700);
    });
  }

  it("a 300,000-character experiment name", async () => {
    const named = await importError(write(doc(run('"metrics": {}'), `"format": "dimexp-experiment",\n  "version": "1.0",\n  "experiment": {"name": "${huge}"}`)));
    expect(named).toMatchObject({ _tag: "InvalidContent", location: { path: "$.experiment.name" } });
    expect(named.problem).toContain("the experiment name is 300,000 characters long");
    expect(named.message.length).toBeLessThan(700);
  });

  it("a 300,000-character unit in HDF5 and in dimtensor's DimArray files", async () => {
    const path = join(dir, "long-unit.h5");
    await exportExperiment(await richExperiment(), path);
    await h5wasm.ready;
    const f = new h5wasm.File(path, "a");
    try {
      const loss = f.get("runs/000000/metrics/train%2Floss") as InstanceType<typeof h5wasm.Group>;
      loss.delete_attribute("unit");
      loss.create_attribute("unit", huge);
    } finally {
      f.close();
    }
    const e = await importError(path);
    expect(e).toMatchObject({ _tag: "InvalidContent", location: { path: "/runs/000000/metrics/train%2Floss@unit" } });
    expect(e.message.length).toBeLessThan(700);

    const json = write(`{"data": [1.0], "unit": {"symbol": "${huge}", "dimension": {"length": 1.0}, "scale": 1.0}, "dtype": "float64"}`);
    const fromJson = await readDimArrayJson(json).catch((x: DimexpIoError) => x);
    expect((fromJson as DimexpIoError).error).toMatchObject({ _tag: "InvalidContent", location: { path: "$.unit.symbol" } });
    expect((fromJson as DimexpIoError).message.length).toBeLessThan(700);
  });
});
