// The Promise API rejects with the tagged CoreError itself (an Error and a
// DimexpError), whose `cause` is what the backend's driver threw, as it was.
import { describe, expect, it } from "vitest";
import { DimexpError, openBackend, registerBackendProvider, withMessage } from "../src/index.js";

describe("tagged errors in core", () => {
  it("a provider that throws while opening rejects openBackend with a BackendFailure whose cause is the thrown object", async () => {
    const driverError = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    registerBackendProvider({
      name: "a1-throwing",
      schemes: ["a1throw"],
      open: async () => {
        throw driverError;
      },
    } as unknown as Parameters<typeof registerBackendProvider>[0]);
    const rejection: unknown = await openBackend("a1throw://somewhere", {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).toBeInstanceOf(DimexpError);
    expect(rejection).toMatchObject({
      _tag: "BackendFailure",
      operation: "open",
      message: expect.stringContaining("ECONNREFUSED"),
    });
    expect((rejection as Error).cause).toBe(driverError);
  });

  it("withMessage makes a new error of the same class, keeping fields and cause", () => {
    const cause = new Error("original");
    const base = new (class extends DimexpError<"X"> {
      constructor(message: string, fields: object) {
        super("X", message, fields);
      }
    })("first", { key: "k", cause });
    const again = withMessage(base, "second");
    expect(again).toBeInstanceOf(base.constructor as new () => unknown);
    expect(again).toMatchObject({ _tag: "X", key: "k", message: "second" });
    expect(again.cause).toBe(cause);
    expect(again.stack).toContain("second");
  });
});
