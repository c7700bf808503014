import { describe, expect, it } from "vitest";
import { DimExperiment, classifyTrackingUri, redactUri, resolveTrackingUri } from "../src/index.js";

describe("tracking URIs", () => {
  it("resolves explicit > DIMEXP_TRACKING_URI > MLFLOW_TRACKING_URI > ./dimexp.db", () => {
    expect(resolveTrackingUri("x.db", { DIMEXP_TRACKING_URI: "y.db" })).toBe("x.db");
    expect(resolveTrackingUri(undefined, { DIMEXP_TRACKING_URI: "y.db", MLFLOW_TRACKING_URI: "http://h" })).toBe("y.db");
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "http://h:5000" })).toBe("http://h:5000");
    expect(resolveTrackingUri(undefined, {})).toBe("./dimexp.db");
  });

  it("classifies paths and schemes", () => {
    const kind = (uri: string) => {
      const c = classifyTrackingUri(uri);
      return c._tag === "Right" ? c.right.kind : c.left._tag;
    };
    expect(kind("./dimexp.db")).toBe("local");
    expect(kind("sqlite:///tmp/x.db")).toBe("local");
    expect(kind("C:\\runs\\x.db")).toBe("local");
    expect(kind("https://mlflow.lab:5000")).toBe("mlflow");
    expect(kind("wandb://team/project")).toBe("wandb");
    expect(kind("memory:")).toBe("memory");
    expect(kind("ftp://nope")).toBe("InvalidTrackingUri");
  });

  // "Not installed" is proven where it can be true: tooling/package-checks
  // installs @dimexp/core alone into an empty project and opens every kind of URI.
  it("redacts credentials from URIs", () => {
    expect(redactUri("http://u:p@h:1/x")).toBe("http://***@h:1/x");
    expect(redactUri("https://alice:s3cret@mlflow.example:5000")).not.toContain("s3cret");
    const mistyped = classifyTrackingUri("htps://alice:s3cret@mlflow.lab:5000");
    expect(mistyped._tag === "Left" && mistyped.left.message).toContain("htps://***@mlflow.lab:5000");
    expect(mistyped._tag === "Left" && mistyped.left.message).not.toContain("s3cret");
  });

  it("opens the memory backend by URI", async () => {
    const exp = await DimExperiment.open("mem", { backend: "memory:" });
    expect(exp.backend.kind).toBe("memory");
  });
});
