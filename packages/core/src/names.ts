// Names must survive every backend: MLflow's key rules (≤ 250 chars of
// [/\w.\- :], no "..", no leading "/") minus room for our "dimexp.metric."
// tag prefix, so the same run can move between stores without renaming.

import { type CoreError, invalidName } from "./errors.js";
import { type Either, left, right } from "./internal/task.js";

export const MAX_NAME_LENGTH = 200;
const ALLOWED = /^[\w.\- :/]+$/;

export const validateName = (kind: "param" | "metric" | "tag" | "array" | "run" | "experiment", name: unknown): Either<CoreError, string> => {
  if (typeof name !== "string") return left(invalidName(kind, String(name), `expected a string, got ${typeof name}`));
  if (name.length === 0) return left(invalidName(kind, name, "it is empty"));
  if (kind === "run" || kind === "experiment") {
    if (name.length > 250) return left(invalidName(kind, name, "it is longer than 250 characters"));
    if (name.trim() !== name) return left(invalidName(kind, name, "it starts or ends with whitespace"));
    return right(name);
  }
  if (name.length > MAX_NAME_LENGTH) return left(invalidName(kind, name, `it is longer than ${MAX_NAME_LENGTH} characters`));
  if (!ALLOWED.test(name)) {
    const bad = [...name].find((c) => !ALLOWED.test(c));
    return left(invalidName(kind, name, `it contains ${JSON.stringify(bad)}`));
  }
  if (name.startsWith("/")) return left(invalidName(kind, name, 'it starts with "/"'));
  if (name.includes("..")) return left(invalidName(kind, name, 'it contains ".."'));
  if (kind === "tag" && (name.startsWith("dimexp.") || name.startsWith("unit.") || name.startsWith("shape."))) {
    return left(invalidName(kind, name, 'the prefixes "dimexp.", "unit." and "shape." are reserved for unit metadata'));
  }
  return right(name);
};
