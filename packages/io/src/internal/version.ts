// Format versions: "<major>.<minor>". A reader of 1.x reads every 0.x (by
// migration) and 1.x file; a newer minor may add fields, which it skips; a
// newer major is refused with a message saying to upgrade.

import { type FileLocation, unsupportedVersion } from "../errors.js";
import { FileFailure } from "./json-reader.js";
import { FORMAT_MAJOR, FORMAT_NAME, FORMAT_VERSION } from "./model.js";

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly text: string;
}

export const parseVersion = (text: string): Version | undefined => {
  const m = /^(\d+)\.(\d+)$/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), text } : undefined;
};

/** Throws UnsupportedVersion for a newer major; undefined when `text` is not a version at all. */
export const checkVersion = (file: string, at: FileLocation, text: string): Version | undefined => {
  const version = parseVersion(text);
  if (version && version.major > FORMAT_MAJOR) {
    throw new FileFailure(
      unsupportedVersion(
        file,
        at,
        FORMAT_NAME,
        text,
        `${FORMAT_MAJOR}.x`,
        `format version ${text} was written by a newer dimexp; this @dimexp/io reads versions 0.x to ${FORMAT_MAJOR}.x (it writes ${FORMAT_VERSION}) — upgrade @dimexp/io to import it`,
      ),
    );
  }
  return version;
};

export const wrongFormat = (file: string, at: FileLocation, format: string): FileFailure =>
  new FileFailure(
    unsupportedVersion(file, at, format, "", FORMAT_VERSION, `this is a "${format}" file, not a "${FORMAT_NAME}" file; @dimexp/io cannot import it`),
  );
