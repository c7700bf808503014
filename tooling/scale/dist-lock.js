// The benchmarks' processes import the packages' dist/ folders, which a build
// empties (tsup) — and on a shared checkout someone may build at any moment.
// Builds hold /tmp/dimexp-build.lock exclusively (`flock`); holding it shared
// while processes load their modules keeps builds out exactly that long.

import { spawn } from "node:child_process";

export const BUILD_LOCK = process.env.DIMEXP_BUILD_LOCK ?? "/tmp/dimexp-build.lock";

/** Resolves, once the build lock is held shared, to a function releasing it. */
export const holdDistLock = () =>
  new Promise((resolve, reject) => {
    // `flock -s` runs the shell once the lock is held; the shell says so, then
    // waits on its stdin: closing that ends it and releases the lock
    const child = spawn("flock", ["-s", BUILD_LOCK, "sh", "-c", "echo held; cat >/dev/null"], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.on("error", (error) => reject(new Error(`could not run flock to hold ${BUILD_LOCK}: ${error.message}`)));
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("held")) {
        resolve(
          () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.stdin.end();
            }),
        );
      }
    });
    child.once("exit", (code) => {
      if (!out.includes("held")) reject(new Error(`flock -s ${BUILD_LOCK} exited with ${code} before holding the lock`));
    });
  });
