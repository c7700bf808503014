// Bounds on what a file may hold, checked before anything is parsed further
// or written: a hostile or corrupted file must fail fast with a message, not
// make the unit parser (or a backend) chew on a 300,000-character "unit", nor
// leave a time that `new Date()` cannot show. Messages echo at most
// ECHO_CHARS characters of what they refuse.

import { invalidContent, type FileLocation } from "../errors.js";
import { FileFailure } from "./json-reader.js";

/** A unit (or unit label) is a short formula; the longest in the registry's tests is under 40 characters. */
export const MAX_UNIT_CHARS = 500;
/** Run and experiment names (core allows 250), param/metric/array keys (200) and tag keys (MLflow: 250). */
export const MAX_KEY_CHARS = 250;
/** A run id: MLflow's are 32 hex digits, W&B's at most 128 characters. */
export const MAX_ID_CHARS = 256;
/**
 * A tag or param value. MLflow keeps 8,000 and 6,000 characters; the local
 * store has no limit of its own, so a generous bound that still stops a
 * runaway string.
 */
export const MAX_VALUE_CHARS = 65_536;
/** dimexp's unit metadata tags (dimexp.param|metric|array.<name>): JSON with a unit that is parsed. */
export const MAX_UNIT_TAG_CHARS = 4_096;
/** How much of a refused string a message shows. */
export const ECHO_CHARS = 200;

/** Date's range: ±8.64e15 ms around the epoch (about ±273,790 years). */
export const MAX_TIME_MS = 8.64e15;

/** `text` quoted, cut to ECHO_CHARS characters with its full length named when longer. */
export const echo = (text: string): string =>
  text.length <= ECHO_CHARS ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, ECHO_CHARS))}… (${text.length.toLocaleString("en-US")} characters)`;

/** Throws InvalidContent when `text` is longer than `max` characters. */
export const checkLength = (file: string, location: FileLocation, what: string, text: string, max: number): void => {
  if (text.length <= max) return;
  throw new FileFailure(
    invalidContent(file, location, `${what} is ${text.length.toLocaleString("en-US")} characters long, more than the ${max.toLocaleString("en-US")} allowed: ${echo(text)}`),
  );
};

const DIMTENSOR_UNIT_TAG = /^(unit|shape)\./;
const DIMEXP_UNIT_TAG = /^dimexp\.(param|metric|array)\./;

/** The bound for a tag's value: unit metadata is parsed, so it is held shorter (dimtensor's unit.<name> is a bare unit). */
export const maxTagValueChars = (key: string): number =>
  DIMTENSOR_UNIT_TAG.test(key) ? MAX_UNIT_CHARS : DIMEXP_UNIT_TAG.test(key) ? MAX_UNIT_TAG_CHARS : MAX_VALUE_CHARS;

/** Whether `t` is a time dimexp can store and show: finite ms within Date's range. */
export const isStorableTime = (t: number): boolean => Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS;

/** Throws InvalidContent naming the run, the field and the value when `t` is not a storable time. */
export const checkTime = (file: string, location: FileLocation, what: string, t: number): void => {
  if (isStorableTime(t)) return;
  throw new FileFailure(
    invalidContent(
      file,
      location,
      `${what} is ${String(t)}, which is not a time: times are finite milliseconds since the Unix epoch within ±${MAX_TIME_MS.toExponential()} (what a JavaScript Date can hold); fix or remove it`,
    ),
  );
};
