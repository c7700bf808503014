// Shared by the browser test: Debian's Chromium through playwright-core, and
// the real `dimexp ui` command (the CLI's built bin, serving the dashboard
// files copied into it) started on a free port.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.DIMEXP_CHROMIUM ?? "/usr/bin/chromium";

export const isCI = (): boolean => !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

export const chromiumMissing = (): string | undefined =>
  existsSync(CHROMIUM)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium; tooling/scripts/setup.sh does it when run as root), or point DIMEXP_CHROMIUM at a Chromium binary.`;

/** The flags this machine's closed network needs: no background connections, no sandbox (root in a container). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A fresh headless Chromium (playwright gives each launch a new, empty user data dir). */
export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

export const cliBin = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@dimexp/cli/package.json")), "dist", "bin.js");
};

export interface RunningUi {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** `dimexp ui --tracking-uri <store> --port 0`, resolved once it prints its URL. */
export const startDimexpUi = (trackingUri: string, extraArgs: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningUi> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin(), "ui", "--tracking-uri", trackingUri, "--port", "0", ...extraArgs], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString("utf8");
      const url = /^\s+(http:\/\/\S+)$/m.exec(out)?.[1];
      if (url) {
        child.stdout?.off("data", onData);
        child.stdout?.on("data", (more: Buffer) => {
          out += more.toString("utf8");
        });
        resolve({
          url,
          child,
          output: () => out,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once("exit", (code) => done(code));
              child.kill("SIGINT");
            }),
        });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.once("exit", (code) => reject(new Error(`dimexp ui exited with ${code} before printing its URL:\n${out}`)));
    setTimeout(() => reject(new Error(`dimexp ui printed no URL within 20 s:\n${out}`)), 20_000).unref();
  });
