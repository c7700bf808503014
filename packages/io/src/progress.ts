// Progress of a long export or import, reported as work is done (after each
// run, and within a run after every block of points), so a caller can draw a
// progress bar or log throughput.

export interface ProgressEvent {
  /** "export": writing a file; "validate": checking a file before an import writes anything; "import": writing runs to the target */
  readonly phase: "export" | "validate" | "import";
  readonly runsDone: number;
  /** known for exports and once a file's runs have been counted */
  readonly runsTotal: number | undefined;
  /** metric points written or read so far (a point is step, value and timestamp) */
  readonly pointsDone: number;
  /** bytes of the file written or read so far */
  readonly bytesDone: number;
  /** the file's size when reading it */
  readonly bytesTotal: number | undefined;
  /** an estimate of the whole phase's completion, 0 to 1 */
  readonly fraction: number;
}

export type ProgressCallback = (event: ProgressEvent) => void;

/** Keeps the counters of one phase and reports them. */
export class ProgressTracker {
  runsDone = 0;
  pointsDone = 0;
  bytesDone = 0;
  /** fraction of the current run done (exports: by metric) */
  private runFraction = 0;

  constructor(
    private readonly callback: ProgressCallback | undefined,
    readonly phase: ProgressEvent["phase"],
    public runsTotal: number | undefined,
    readonly bytesTotal: number | undefined,
  ) {}

  withinRun(fraction: number): void {
    this.runFraction = fraction;
  }

  points(count: number, bytesDone?: number): void {
    this.pointsDone += count;
    if (bytesDone !== undefined) this.bytesDone = bytesDone;
    this.report();
  }

  runDone(bytesDone?: number): void {
    this.runsDone++;
    this.runFraction = 0;
    if (bytesDone !== undefined) this.bytesDone = bytesDone;
    this.report();
  }

  bytes(bytesDone: number): void {
    this.bytesDone = bytesDone;
    this.report();
  }

  report(): void {
    if (!this.callback) return;
    let fraction: number;
    if (this.bytesTotal !== undefined && this.bytesTotal > 0 && this.phase !== "import") fraction = this.bytesDone / this.bytesTotal;
    else if (this.runsTotal !== undefined && this.runsTotal > 0) fraction = (this.runsDone + this.runFraction) / this.runsTotal;
    else fraction = this.runsTotal === 0 ? 1 : 0;
    this.callback({
      phase: this.phase,
      runsDone: this.runsDone,
      runsTotal: this.runsTotal,
      pointsDone: this.pointsDone,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      fraction: Math.min(1, Math.max(0, fraction)),
    });
  }
}
