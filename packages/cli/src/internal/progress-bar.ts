// A one-line progress bar on standard error, drawn only when standard error
// is a terminal (CliIo.stderrIsTTY): redirected output and pipes get no
// carriage-return noise. Redrawn at most ten times a second.

import type { CliIo } from "./io.js";
import { escapeControl, rawStderr } from "./output.js";

export interface ProgressBarEvent {
  readonly phase: string;
  readonly fraction: number;
  readonly runsDone: number;
  readonly runsTotal: number | undefined;
  readonly pointsDone: number;
}

const WIDTH = 24;

const count = (n: number): string => n.toLocaleString("en-US");

export interface ProgressBar {
  update(event: ProgressBarEvent): void;
  /** erases the bar (before the command prints its result or an error) */
  done(): void;
}

export const progressBar = (io: CliIo, label: string): ProgressBar => {
  if (!io.stderrIsTTY) return { update: () => undefined, done: () => undefined };
  // the bar's own \r and erase-line sequence must reach the terminal; its text is escaped like all output
  const draw = rawStderr(io);
  let last = 0;
  let drawn = false;
  let lastPhase = "";
  return {
    update(event) {
      const now = Date.now();
      if (now - last < 100 && event.fraction < 1 && event.phase === lastPhase) return;
      last = now;
      lastPhase = event.phase;
      const filled = Math.round(event.fraction * WIDTH);
      const runs = event.runsTotal === undefined ? `${event.runsDone} runs` : `${event.runsDone}/${event.runsTotal} runs`;
      const text = `${label} ${event.phase} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${Math.floor(event.fraction * 100)
        .toString()
        .padStart(3)}%  ${runs}, ${count(event.pointsDone)} points`;
      draw(`\r${escapeControl(text)}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) draw("\r\u001b[K");
      drawn = false;
    },
  };
};
