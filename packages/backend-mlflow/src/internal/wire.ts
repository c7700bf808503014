// The JSON MLflow's REST API speaks (protobuf's JSON mapping), and how our
// numbers travel in it. What the real server taught us (3.17, SQLAlchemy store):
//
//   - metric values: NaN, Infinity and -Infinity must be the strings "NaN",
//     "Infinity", "-Infinity" (JSON.stringify would write null, which is
//     rejected). NaN comes back as "NaN"; ±Infinity is stored and returned as
//     ±1.7976931348623157e308; -0 comes back as 0 (SQLite).
//   - steps and timestamps are int64. A fraction is NOT rejected: the server
//     answers 200 and stores garbage (step 1.5 became 0; a fractional
//     timestamp zeroed both fields). We only ever send integers, as strings
//     beyond 2^53, and record the exact value elsewhere (see fidelity.ts).

export const MAX_DOUBLE = 1.7976931348623157e308;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export interface WireKeyValue {
  readonly key: string;
  readonly value: string;
}

export interface WireMetric {
  readonly key: string;
  readonly value: number | string;
  readonly timestamp: number | string;
  readonly step?: number | string;
}

export interface WireRunInfo {
  readonly run_id: string;
  readonly run_uuid?: string;
  readonly experiment_id: string;
  readonly run_name?: string;
  readonly status?: string;
  readonly start_time?: number | string;
  readonly end_time?: number | string;
  readonly artifact_uri?: string;
  readonly lifecycle_stage?: string;
}

export interface WireRun {
  readonly info: WireRunInfo;
  readonly data?: {
    readonly metrics?: readonly WireMetric[];
    readonly params?: readonly WireKeyValue[];
    readonly tags?: readonly WireKeyValue[];
  };
}

export interface WireExperiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location?: string;
  readonly lifecycle_stage?: string;
  readonly creation_time?: number | string;
  readonly last_update_time?: number | string;
  readonly tags?: readonly WireKeyValue[];
}

/** A double as MLflow reads it back: what the server keeps of it. */
export const storedValue = (value: number): number => {
  if (Number.isNaN(value)) return Number.NaN;
  if (value === Number.POSITIVE_INFINITY) return MAX_DOUBLE;
  if (value === Number.NEGATIVE_INFINITY) return -MAX_DOUBLE;
  if (value === 0) return 0; // -0 too
  return value;
};

/** A metric value as JSON text the server accepts. */
export const valueJson = (value: number): string => {
  if (Number.isFinite(value)) return value === 0 ? "0" : String(value);
  if (Number.isNaN(value)) return '"NaN"';
  return value > 0 ? '"Infinity"' : '"-Infinity"';
};

/** The int64 the server stores for a step or timestamp (floor, clamped to int64). */
export const storedInt = (x: number): number => {
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 0 : x > 0 ? Number(INT64_MAX) : Number(INT64_MIN);
  const floor = BigInt(Math.floor(x));
  const clamped = floor > INT64_MAX ? INT64_MAX : floor < INT64_MIN ? INT64_MIN : floor;
  return Number(clamped);
};

/** JSON text of the int64 for a step or timestamp: a number when safe, else a decimal string. */
export const intJson = (x: number): string => {
  if (Number.isSafeInteger(x)) return x === 0 ? "0" : String(x);
  if (!Number.isFinite(x)) return `"${Number.isNaN(x) ? 0n : x > 0 ? INT64_MAX : INT64_MIN}"`;
  const down = Math.floor(x);
  if (Number.isSafeInteger(down)) return down === 0 ? "0" : String(down);
  const floor = BigInt(down);
  return `"${floor > INT64_MAX ? INT64_MAX : floor < INT64_MIN ? INT64_MIN : floor}"`;
};

/** A number from the wire: protobuf JSON writes int64 as numbers or strings, doubles as numbers or "NaN"/"Infinity". */
export const wireNumber = (x: number | string | undefined): number => {
  if (typeof x === "number") return x;
  if (x === undefined) return 0;
  if (x === "NaN") return Number.NaN;
  if (x === "Infinity") return Number.POSITIVE_INFINITY;
  if (x === "-Infinity") return Number.NEGATIVE_INFINITY;
  return Number(x);
};

export const optionalWireNumber = (x: number | string | undefined): number | undefined => (x === undefined || x === "" ? undefined : wireNumber(x));

export const recordOf = (pairs: readonly WireKeyValue[] | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const { key, value } of pairs ?? []) {
    Object.defineProperty(out, key, { value: value ?? "", enumerable: true, writable: true, configurable: true });
  }
  return out;
};
