import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runCli } from "../src/index.js";
import { expectUserError, run } from "./helpers.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("dimexp (top level)", () => {
  test("--version prints the package version", async () => {
    expect(await run("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect((await run("-V")).stdout).toBe(`${version}\n`);
  });

  test("--help lists every command with its arguments", async () => {
    const { code, stdout, stderr } = await run("--help");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain(`dimexp ${version}`);
    expect(stdout).toMatch(/units convert <quantity> <target> +Convert a quantity to another unit/);
    expect(stdout).toContain("units parse <unit>");
    expect(stdout).toContain("units list");
    expect(stdout).toContain("Exit status");
    expect((await run("-h")).stdout).toBe(stdout);
    expect((await run("help")).stdout).toBe(stdout);
  });

  test("units --help lists the units commands", async () => {
    const { code, stdout } = await run("units", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: dimexp units <command>");
    expect(stdout).toMatch(/^ {2}convert <quantity> <target> /m);
    expect(stdout).toMatch(/^ {2}parse <unit> /m);
    expect(stdout).toMatch(/^ {2}list /m);
    expect((await run("help", "units")).stdout).toBe(stdout);
  });

  test("each command has its own help, even after other (invalid) arguments", async () => {
    for (const command of ["convert", "parse", "list"]) {
      const { code, stdout } = await run("units", command, "--help");
      expect(code, command).toBe(0);
      expect(stdout, command).toContain(`Usage: dimexp units ${command}`);
      expect(stdout, command).toContain("--json");
    }
    expect((await run("units", "convert", "--bogus", "-h")).code).toBe(0);
    expect((await run("help", "units", "convert")).stdout).toContain("--context <name>");
    expect((await run("units", "convert", "--help")).stdout).toContain("gaussian, natural, spectral, mass-energy, temperature-energy");
  });

  test("missing or unknown commands are user errors with a suggestion", async () => {
    expect(expectUserError(await run())).toContain("Missing command");
    expect(expectUserError(await run("units"))).toContain("convert, parse, list");
    expect(expectUserError(await run("unit", "convert"))).toContain('Did you mean "units"?');
    expect(expectUserError(await run("units", "conevrt"))).toContain('Did you mean "convert"?');
    expect(expectUserError(await run("--frobnicate"))).toContain('Unknown option "--frobnicate"');
    expect(expectUserError(await run("help", "nothing"))).toContain('Unknown command "nothing"');
  });

  test("an unexpected failure is an internal error: exit 1, no stack trace unless DIMEXP_DEBUG=1", async () => {
    const failingStdout = (env: Record<string, string>) => {
      let stderr = "";
      const io = {
        stdout: () => {
          throw new TypeError("stdout is gone");
        },
        stderr: (text: string) => {
          stderr += text;
        },
        env,
      };
      return { io, stderr: () => stderr };
    };
    const quiet = failingStdout({});
    expect(await runCli(["units", "convert", "1 km", "m"], quiet.io)).toBe(1);
    expect(quiet.stderr()).toContain("dimexp: internal error: stdout is gone");
    expect(quiet.stderr()).not.toMatch(/\n\s+at /);
    const debug = failingStdout({ DIMEXP_DEBUG: "1" });
    expect(await runCli(["units", "convert", "1 km", "m"], debug.io)).toBe(1);
    expect(debug.stderr()).toMatch(/\n\s+at /);
  });
});

// Issue 12.14: an empty value (an unset shell variable in `--into "$STORE"`)
// once meant "the default store". It is a usage error, for every option.
describe("empty option values and backend names", () => {
  test('--tracking-uri "" and --into "" are usage errors, wherever they are written', async () => {
    for (const argv of [
      ["experiments", "ls", "--tracking-uri", ""],
      ["experiments", "ls", "--tracking-uri="],
      ["experiments", "ls", "--tracking-uri", "   "],
      ["--tracking-uri", "", "experiments", "ls"],
      ["--tracking-uri=", "runs", "ls", "-e", "x"],
      ["import", "heat.json", "--into", ""],
      ["import", "heat.json", "--tracking-uri="],
      ["sync", "--from", "", "--to", "x.db"],
    ]) {
      const message = expectUserError(await run(...argv));
      expect(message, argv.join(" ")).toMatch(/was given an empty value/);
    }
    expect(expectUserError(await run("runs", "ls", "-e", "x", "--filter", ""))).toContain('"--filter" was given an empty value');
  });

  test("a word that is no backend name lists the names, with the closest", async () => {
    const message = expectUserError(await run("experiments", "ls", "--tracking-uri", "mlfow"));
    expect(message).toContain("local, mlflow, wandb");
    expect(message).toContain('Did you mean "mlflow"?');
  });

  test("--help names the backends a --tracking-uri may name", async () => {
    const help = (await run("experiments", "ls", "--help")).stdout;
    expect(help).toMatch(/local, mlflow or wandb/);
  });
});
