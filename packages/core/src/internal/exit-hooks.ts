// Ends open runs when the process is asked to stop. On SIGINT/SIGTERM every
// open run is flushed and marked KILLED, then the signal is re-raised so the
// process exits as it would have. On a natural exit ("beforeExit"), buffered
// points are flushed. Listeners exist only while runs are open.

export interface ClosableRun {
  flushQuietly(): Promise<void>;
  endQuietly(status: "KILLED"): Promise<void>;
}

const open = new Set<ClosableRun>();
let installed = false;

const onSignal = (signal: NodeJS.Signals) => {
  const runs = [...open];
  void Promise.allSettled(runs.map((r) => r.endQuietly("KILLED"))).finally(() => {
    uninstall();
    process.kill(process.pid, signal);
  });
};

const onBeforeExit = () => {
  const runs = [...open];
  if (runs.length > 0) void Promise.allSettled(runs.map((r) => r.flushQuietly()));
};

const install = () => {
  if (installed) return;
  installed = true;
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.on("beforeExit", onBeforeExit);
};

const uninstall = () => {
  if (!installed) return;
  installed = false;
  process.removeListener("SIGINT", onSignal);
  process.removeListener("SIGTERM", onSignal);
  process.removeListener("beforeExit", onBeforeExit);
};

export const trackOpenRun = (run: ClosableRun): void => {
  open.add(run);
  install();
};

export const untrackRun = (run: ClosableRun): void => {
  open.delete(run);
  if (open.size === 0) uninstall();
};
