// The Promise functions reject with the tagged IoError itself (an Error and a
// DimexpError), whose `cause` is the file system's own error object.
import { DimexpError } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import { DimexpIoError, readDimArrayJson } from "../src/index.js";

describe("errors from the file system", () => {
  it("reading a missing file rejects with a FileAccessError whose cause is Node's ENOENT error", async () => {
    const rejection: unknown = await readDimArrayJson("/nonexistent-dimexp-dir/array.json").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).toBeInstanceOf(Error);
    expect(rejection).toBeInstanceOf(DimexpError);
    expect(rejection).toMatchObject({
      _tag: "FileAccessError",
      operation: "read",
      code: "ENOENT",
      name: "FileAccessError",
    });
    const cause = (rejection as Error).cause;
    expect(cause).toBeInstanceOf(Error);
    expect(cause).toMatchObject({ code: "ENOENT", syscall: "open" });
    // the deprecated wrapper name still matches, and `.error` is the error itself
    expect(rejection).toBeInstanceOf(DimexpIoError);
    expect((rejection as DimexpIoError).error).toBe(rejection);
    // JSON keeps the plain shape, without the driver's object
    expect(Object.keys(JSON.parse(JSON.stringify(rejection)))).toEqual([
      "_tag",
      "file",
      "location",
      "problem",
      "operation",
      "code",
      "message",
    ]);
  });
});
