// A failure of the store rejects the Promise API with the tagged error itself
// (an Error and a DimexpError), whose `cause` is SQLite's own error object.
import { writeFileSync } from "node:fs";
import { DimExperiment, DimexpError } from "@dimexp/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { freshPath, tempDir } from "./helpers.js";

const dir = tempDir("errors");

describe("errors from the SQLite driver", () => {
  it("DimExperiment.open on a file that is not a database rejects with a BackendFailure whose cause is the SqliteError", async () => {
    const file = freshPath(dir);
    writeFileSync(file, "this is a text file, not a database ".repeat(100));
    const rejection: unknown = await DimExperiment.open("x", { backend: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).toBeInstanceOf(Error);
    expect(rejection).toBeInstanceOf(DimexpError);
    expect(rejection).toMatchObject({ _tag: "BackendFailure", backend: "local" });
    const cause = (rejection as Error).cause;
    expect(cause).toBeInstanceOf(Database.SqliteError);
    expect(cause).toMatchObject({ code: "SQLITE_NOTADB" });
    // the readable message is kept beside the original
    expect((rejection as Error).message).toContain("not a SQLite database");
    // and the JSON shape does not leak the driver's object
    expect(JSON.parse(JSON.stringify(rejection))).not.toHaveProperty("cause");
  });
});
