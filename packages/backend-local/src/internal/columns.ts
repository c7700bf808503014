// Metric points are stored columnar: one row per (run, key, logBatch) holding
// the chunk's steps, values and timestamps as little-endian float64 BLOBs.
// A column that is an exact arithmetic progression (steps 0,1,2,…; a constant
// timestamp) is stored as (start, stride) instead: a third of the bytes for the
// usual "every step" metric, and decoding reproduces every bit (checked on write).

const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** How one float64 column of a chunk is stored. */
export interface EncodedColumn {
  /** the column's bytes, or null when it is the progression start + i * stride */
  readonly blob: Buffer | null;
  readonly start: number | null;
  readonly stride: number | null;
}

const isPlainFinite = (x: number): boolean => Number.isFinite(x) && !Object.is(x, -0);

const progression = (column: Float64Array): { start: number; stride: number } | undefined => {
  const n = column.length;
  if (n === 0) return undefined;
  const start = column[0]!;
  const stride = n > 1 ? column[1]! - start : 0;
  if (!isPlainFinite(start) || !isPlainFinite(stride)) return undefined;
  for (let i = 1; i < n; i++) if (!Object.is(column[i], start + i * stride)) return undefined;
  return { start, stride };
};

/** The bytes of a Float64Array in little-endian order (a view when the host is little-endian). */
export const float64Blob = (column: Float64Array): Buffer => {
  if (littleEndian) return Buffer.from(column.buffer, column.byteOffset, column.byteLength);
  const out = Buffer.allocUnsafe(column.length * 8);
  for (let i = 0; i < column.length; i++) out.writeDoubleLE(column[i]!, i * 8);
  return out;
};

export const encodeColumn = (column: Float64Array, allowProgression: boolean): EncodedColumn => {
  const p = allowProgression ? progression(column) : undefined;
  return p ? { blob: null, start: p.start, stride: p.stride } : { blob: float64Blob(column), start: null, stride: null };
};

/** Writes `count` decoded values into `out` at `offset`. Throws on a malformed chunk. */
export const decodeColumnInto = (
  out: Float64Array,
  offset: number,
  count: number,
  blob: Uint8Array | null,
  start: number | null,
  stride: number | null,
): void => {
  if (blob === null) {
    if (start === null || stride === null) throw new Error("corrupt metric chunk: a column has neither data nor a progression");
    for (let i = 0; i < count; i++) out[offset + i] = start + i * stride;
    return;
  }
  if (blob.byteLength !== count * 8) {
    throw new Error(`corrupt metric chunk: a column holds ${blob.byteLength} bytes for ${count} points`);
  }
  if (littleEndian) {
    new Uint8Array(out.buffer, out.byteOffset + offset * 8, count * 8).set(blob);
    return;
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < count; i++) out[offset + i] = view.getFloat64(i * 8, true);
};

/** A float64 BLOB as a fresh Float64Array. */
export const float64FromBlob = (blob: Uint8Array): Float64Array => {
  if (blob.byteLength % 8 !== 0) throw new Error(`corrupt array: ${blob.byteLength} bytes is not a whole number of float64 values`);
  const out = new Float64Array(blob.byteLength / 8);
  decodeColumnInto(out, 0, out.length, blob, null, null);
  return out;
};

// SQLite stores NaN as NULL and writes integral REALs as integers (so -0 reads
// back as 0). Scalars that must round-trip exactly (latest metric, array step
// and timestamp) are stored as REAL (for SQL comparisons, NaN = NULL) plus a
// bit per column that marks -0.

export const sqlReal = (x: number): number | null => (Number.isNaN(x) ? null : x);

export const fromSqlReal = (x: number | null, negativeZero: boolean): number =>
  x === null ? Number.NaN : negativeZero ? -0 : x;

export const negativeZeroBits = (...xs: number[]): number => {
  let bits = 0;
  for (let i = 0; i < xs.length; i++) if (Object.is(xs[i], -0)) bits |= 1 << i;
  return bits;
};
