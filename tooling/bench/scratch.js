import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const FS_NAMES = new Map([
  [0xef53, "ext4"],
  [0x01021994, "tmpfs"],
  [0x58465342, "xfs"],
  [0x9123683e, "btrfs"],
  [0x794c7630, "overlayfs"],
]);

/**
 * A scratch folder on a real disk (fsync must cost what it costs for users):
 * DIMEXP_BENCH_DIR, else the OS temp folder. Removed on exit.
 */
export const scratchDir = (label) => {
  const parent = process.env.DIMEXP_BENCH_DIR ?? os.tmpdir();
  const dir = mkdtempSync(path.join(parent, `dimexp-bench-${label}-`));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  let fs = "?";
  try {
    const type = statfsSync(dir).type;
    fs = FS_NAMES.get(type) ?? `0x${type.toString(16)}`;
  } catch {
    // statfs is informative only; an unknown filesystem is still a folder.
  }
  console.log(`scratch files in ${dir} (filesystem: ${fs})`);
  return dir;
};

/** One line naming the machine and its load, printed at the top of every suite. */
export const machine = () =>
  `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`;
