// Every group, dataset and attribute of an HDF5 file as plain data, for
// value-level comparisons (floats as bit-exact text: NaN, -0 kept).

import h5wasm, { type Dataset, type Group } from "h5wasm/node";

export interface Node {
  kind: "group" | "dataset";
  attrs: Record<string, unknown>;
  shape?: number[];
  dtype?: string;
  chunks?: number[] | null;
  filters?: string[];
  data?: string[];
}

const exact = (x: unknown): unknown => {
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (ArrayBuffer.isView(x)) return Array.from(x as Float64Array, (v) => exact(v));
  return x;
};

export const readHdf5Tree = async (path: string): Promise<Record<string, Node>> => {
  await h5wasm.ready;
  const file = new h5wasm.File(path, "r");
  const out: Record<string, Node> = {};
  const visit = (object: Group | Dataset, at: string) => {
    const attrs: Record<string, unknown> = {};
    for (const name of Object.keys(object.attrs).sort()) {
      const value = object.get_attribute(name, false);
      attrs[name] = typeof value === "number" && !Number.isInteger(value) ? exact(value) : value;
    }
    if (object instanceof h5wasm.Dataset) {
      const meta = object.metadata;
      out[at] = {
        kind: "dataset",
        attrs,
        shape: meta.shape ?? [],
        dtype: object.dtype as string,
        chunks: meta.chunks,
        filters: object.filters.map((f) => f.name),
        data: exact(object.value) as string[],
      };
      return;
    }
    out[at] = { kind: "group", attrs };
    for (const key of (object as Group).keys().sort()) {
      visit((object as Group).get(key) as Group | Dataset, at === "/" ? `/${key}` : `${at}/${key}`);
    }
  };
  try {
    visit(file, "/");
  } finally {
    file.close();
  }
  return out;
};
