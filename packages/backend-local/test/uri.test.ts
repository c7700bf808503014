import path from "node:path";
import { pathToFileURL } from "node:url";
import { openBackend } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import { fromTrackingUri, openLocalBackend, parseLocalUri } from "../src/index.js";
import { freshPath, must, tempDir } from "./helpers.js";

const dir = tempDir("uri");

const parsed = (uri: string) => {
  const result = parseLocalUri(uri);
  return result._tag === "Right" ? result.right : `error: ${result.left.message}`;
};

describe("parseLocalUri", () => {
  it("accepts plain paths and sqlite:/file: URIs", () => {
    expect(parsed("./dimexp.db")).toBe("./dimexp.db");
    expect(parsed("/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("runs/store.db")).toBe("runs/store.db");
    expect(parsed("sqlite:runs/store.db")).toBe("runs/store.db");
    expect(parsed("sqlite:/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite:///abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite:////abs/store.db")).toBe("/abs/store.db");
    expect(parsed("SQLITE:///abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite://localhost/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite:///abs/with%20space.db")).toBe("/abs/with space.db");
    expect(parsed("sqlite::memory:")).toBe(":memory:");
    expect(parsed(pathToFileURL("/abs/x y.db").href)).toBe("/abs/x y.db");
    expect(parsed("C:\\runs\\dimexp.db")).toBe("C:\\runs\\dimexp.db");
  });

  it("rejects what names no local file, saying why", () => {
    expect(parsed("")).toMatch(/error: .*empty/);
    expect(parsed("sqlite:")).toMatch(/error: .*names no file/);
    expect(parsed("sqlite://")).toMatch(/error: .*names no file/);
    expect(parsed("sqlite://db.example.com/x.db")).toMatch(/error: .*host name/);
    expect(parsed("sqlite:///bad%zzescape.db")).toMatch(/error: .*escape/);
    expect(parsed("http://localhost:5000")).toMatch(/error: .*not a local store/);
    const failure = parseLocalUri("sqlite://host/x");
    expect(failure._tag === "Left" && failure.left._tag).toBe("InvalidTrackingUri");
  });
});

describe("openLocalBackend, fromTrackingUri", () => {
  it("opens the store a URI names", async () => {
    const file = freshPath(dir);
    const opened = openLocalBackend(`sqlite://${file}`);
    if (opened._tag === "Left") throw new Error(opened.left.message);
    expect(opened.right.path).toBe(file);
    await must(opened.right.getOrCreateExperiment("via-uri"));
    await must(opened.right.close());
    const viaHook = await fromTrackingUri(`sqlite:${file}`, { DIMEXP_SQLITE_BUSY_TIMEOUT_MS: "250" });
    if (viaHook._tag === "Left") throw new Error(viaHook.left.message);
    expect((await must(viaHook.right.findExperiment("via-uri")))?.name).toBe("via-uri");
    await must(viaHook.right.close());
    const bad = openLocalBackend("sqlite://remote-host/x.db");
    expect(bad._tag === "Left" && bad.left._tag).toBe("InvalidTrackingUri");
  });

  it("is what @dimexp/core's openBackend loads for paths and sqlite: URIs", async () => {
    const file = freshPath(dir);
    for (const uri of [file, `sqlite:${file}`, `sqlite://${file}`, pathToFileURL(file).href, path.relative(process.cwd(), file)]) {
      const opened = await openBackend(uri, {});
      if (opened._tag === "Left") throw new Error(`${uri}: ${opened.left.message}`);
      expect(opened.right.kind).toBe("local");
      expect(opened.right.location).toBe(file);
      await must(opened.right.close());
    }
  });
});
