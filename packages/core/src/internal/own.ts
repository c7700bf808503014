// A run's params, metrics and tags are plain objects (parsed JSON, built by
// each backend), so indexing one with a name such as "toString" or "valueOf"
// (valid param names) finds Object.prototype's function on a run that never
// logged it. Every lookup by a user-given name reads own properties only.

const hasOwn = Object.prototype.hasOwnProperty;

/** `record[key]` when the record itself holds it, else undefined. */
export const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  hasOwn.call(record, key) ? record[key] : undefined;
