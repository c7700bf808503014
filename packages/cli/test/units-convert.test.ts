import { describe, expect, test } from "vitest";
import { expectUserError, run, runJson } from "./helpers.js";

describe("dimexp units convert", () => {
  test("prints the value and the target unit", async () => {
    expect(await run("units", "convert", "1 m", "ft")).toEqual({ code: 0, stdout: "3.2808398950131235 ft\n", stderr: "" });
  });

  test("--json prints exactly {value, unit} on one line", async () => {
    const result = await run("units", "convert", "1 km", "m", "--json");
    expect(result).toEqual({ code: 0, stdout: '{"value":1000,"unit":"m"}\n', stderr: "" });
    const g = (await runJson("units", "convert", "9.81 m/s^2", "ft/s^2", "--json")) as { value: number; unit: string };
    expect(g.unit).toBe("ft/s^2");
    expect(g.value).toBeCloseTo(9.81 / 0.3048, 12);
  });

  test("echoes the target as written (trimmed), whatever its spelling", async () => {
    expect(await runJson("units", "convert", "1 N", " kg*m/s^2 ", "--json")).toEqual({ value: 1, unit: "kg*m/s^2" });
    expect((await run("units", "convert", "36 km/h", "m/s")).stdout).toBe("10 m/s\n");
  });

  test("affine temperatures convert exactly, negative values need no --", async () => {
    expect((await run("units", "convert", "0 degC", "degF")).stdout).toBe("32 degF\n");
    expect((await run("units", "convert", "-40 degC", "degF")).stdout).toBe("-40 degF\n");
    expect((await run("units", "convert", "-40", "degC", "degF")).stdout).toBe("-40 degF\n");
  });

  test("the value and the unit may be two arguments", async () => {
    expect(await runJson("units", "convert", "1", "km", "m", "--json")).toEqual({ value: 1000, unit: "m" });
  });

  test("crosses dimensions only through a named context", async () => {
    const charge = (await runJson("units", "convert", "1 statC", "C", "--context", "gaussian", "--json")) as { value: number };
    expect(charge.value).toBeCloseTo(3.335640951e-10, 18);
    const length = (await runJson("units", "convert", "1 GeV^-1", "fm", "--context=natural", "--json")) as { value: number };
    expect(length.value).toBeCloseTo(0.1973269804, 9);
    const photon = (await runJson("units", "convert", "500 nm", "eV", "--context", "spectral", "--json")) as { value: number };
    expect(photon.value).toBeCloseTo(2.479683969, 8);
  });

  test("several contexts: repeated or comma-separated", async () => {
    expect((await run("units", "convert", "1 statC", "C", "--context", "natural", "--context", "gaussian")).code).toBe(0);
    expect((await run("units", "convert", "1 statC", "C", "--context", "natural,gaussian")).code).toBe(0);
  });

  test("a dimension mismatch names both dimensions and the context that would work", async () => {
    const message = expectUserError(await run("units", "convert", "1 statC", "C"));
    expect(message).toContain("gaussian_charge (M^(1/2) L^(3/2) T^-1)");
    expect(message).toContain("charge (T I)");
    expect(message).toContain("--context gaussian");
  });

  test("a mismatch no context can fix says only that the dimensions differ", async () => {
    const message = expectUserError(await run("units", "convert", "1 m", "mol", "--json"));
    expect(message).toBe("dimexp: Cannot convert m [length (L)] to mol [amount (N)]: the dimensions differ.\n");
  });

  test("length and time are related only under ħ = c = 1, and the message says so", async () => {
    expect(expectUserError(await run("units", "convert", "1 m", "s"))).toContain("--context natural");
  });

  test("the wrong context still fails, naming the right one", async () => {
    expect(expectUserError(await run("units", "convert", "1 statC", "C", "--context", "spectral"))).toContain('"gaussian"');
  });

  test("an unknown unit suggests close spellings", async () => {
    const message = expectUserError(await run("units", "convert", "1 meterz", "ft"));
    expect(message).toContain('Unknown unit "meterz"');
    expect(message).toContain('"meter"');
    expect(expectUserError(await run("units", "convert", "1 m", "fot"))).toContain('Unknown unit "fot"');
  });

  test("bad syntax points at the position", async () => {
    const message = expectUserError(await run("units", "convert", "1 kg**", "g"));
    expect(message).toContain("at position 6");
    expect(message).toContain("      ^");
  });

  test("an unknown context fails even when the units need none", async () => {
    const message = expectUserError(await run("units", "convert", "1 km", "m", "--context", "gausian"));
    expect(message).toContain('Unknown context "gausian"');
    expect(message).toContain("gaussian");
  });

  test("missing and surplus arguments are usage errors", async () => {
    expect(expectUserError(await run("units", "convert", "1 km"))).toContain("Missing argument <target>");
    expect(expectUserError(await run("units", "convert"))).toContain("Missing argument <quantity>");
    expect(expectUserError(await run("units", "convert", "1", "km", "m", "ft"))).toContain('did not expect "ft"');
  });

  test("option errors name the command and its options", async () => {
    const unknown = expectUserError(await run("units", "convert", "1 m", "ft", "--jsn"));
    expect(unknown).toContain('Unknown option "--jsn"');
    expect(unknown).toContain('Did you mean "--json"?');
    expect(expectUserError(await run("units", "convert", "1 m", "ft", "--context"))).toContain("--context <name>");
    expect(expectUserError(await run("units", "convert", "1 m", "ft", "--context", "--json"))).toContain("needs a value");
    expect(expectUserError(await run("units", "convert", "1 m", "ft", "--json=yes"))).toContain("takes no value");
  });

  test("NaN and infinities: plain text as is; in JSON as strings, exit 0", async () => {
    expect(await run("units", "convert", "NaN m", "ft")).toEqual({ code: 0, stdout: "NaN ft\n", stderr: "" });
    expect(await run("units", "convert", "NaN m", "ft", "--json")).toEqual({ code: 0, stdout: '{"value":"NaN","unit":"ft"}\n', stderr: "" });
    expect(await runJson("units", "convert", "0 mW", "dBm", "--json")).toEqual({ value: "-Infinity", unit: "dBm" });
    expect(await runJson("units", "convert", "inf K", "degC", "--json")).toEqual({ value: "Infinity", unit: "degC" });
  });

  test("logarithmic units convert", async () => {
    expect(await runJson("units", "convert", "0 dBm", "mW", "--json")).toEqual({ value: 1, unit: "mW" });
  });

  test("a temperature difference is not a temperature: delta_degC <-> degC is an error naming both (as in pint)", async () => {
    for (const [quantity, target] of [
      ["5 delta_degC", "degC"],
      ["20 degC", "delta_degC"],
      ["9 delta_degF", "degF"],
      ["5 delta_degC", "degF"],
    ]) {
      const message = expectUserError(await run("units", "convert", quantity as string, target as string));
      expect(message).toContain("delta_deg");
      expect(message).toContain("temperature difference");
      expect(message).toContain("K");
    }
    // K and degR have no offset: they convert to and from differences, as pint does
    expect(await runJson("units", "convert", "5 delta_degC", "K", "--json")).toEqual({ value: 5, unit: "K" });
    expect(await runJson("units", "convert", "5 K", "delta_degC", "--json")).toEqual({ value: 5, unit: "delta_degC" });
    expect(((await runJson("units", "convert", "5 delta_degC", "degR", "--json")) as { value: number }).value).toBeCloseTo(9, 12);
  });

  test("an overflow is an error (exit 2), never Infinity with exit 0", async () => {
    expect(expectUserError(await run("units", "convert", "1 km^99999999", "m^99999999"))).toContain("beyond a double's range");
    expect(expectUserError(await run("units", "convert", "1 km^100", "mm^100", "--json"))).toContain("beyond");
    expect(expectUserError(await run("units", "convert", "1e308 km", "nm"))).toContain("beyond a double's range");
    expect(expectUserError(await run("units", "convert", "1e400 m", "ft"))).toContain("beyond a double's range");
    expect(expectUserError(await run("units", "convert", "1e-300 nm", "Gpc"))).toContain("beyond a double's range");
  });

  test("a 300,000-character quantity or target fails at once", async () => {
    const long = "m*".repeat(150_000);
    expect(expectUserError(await run("units", "convert", `1 ${long}m`, "m"))).toContain("at most 256");
    expect(expectUserError(await run("units", "convert", "1 m", `${long}m`))).toContain("at most 256");
  });
});

