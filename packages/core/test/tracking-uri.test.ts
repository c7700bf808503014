import { describe, expect, it } from "vitest";
import { DimExperiment, DimexpError, classifyTrackingUri, openBackend, redactUri, resolveTrackingUri } from "../src/index.js";

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

  it("names the package to install when a backend is missing, without leaking credentials", async () => {
    const result = await openBackend("https://alice:s3cret@mlflow.example:5000", {});
    expect(result._tag).toBe("Left");
    if (result._tag === "Left") {
      expect(result.left._tag).toBe("BackendNotInstalled");
      expect(result.left.message).toContain("pnpm add @dimexp/backend-mlflow");
      expect(result.left.message).not.toContain("s3cret");
    }
    await expect(DimExperiment.open("x", { backend: "wandb://team/proj" })).rejects.toBeInstanceOf(DimexpError);
    expect(redactUri("http://u:p@h:1/x")).toBe("http://***@h:1/x");
  });

  it("opens the memory backend by URI", async () => {
    const exp = await DimExperiment.open("mem", { backend: "memory:" });
    expect(exp.backend.kind).toBe("memory");
  });
});
