// Growable columnar buffer of one metric's pending points. logMetric is a
// few array stores; flushing hands the filled prefix to the backend.

export class MetricBuffer {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
  length = 0;

  constructor(
    readonly key: string,
    capacity = 64,
  ) {
    this.steps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  push(step: number, value: number, timestamp: number): void {
    if (this.length === this.values.length) this.grow();
    const i = this.length++;
    this.steps[i] = step;
    this.values[i] = value;
    this.timestamps[i] = timestamp;
  }

  private grow(): void {
    const capacity = this.values.length * 2;
    const resize = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.steps = resize(this.steps);
    this.values = resize(this.values);
    this.timestamps = resize(this.timestamps);
  }

  /** Takes the buffered points (as exact-length views) and empties the buffer. */
  drain(): { key: string; steps: Float64Array; values: Float64Array; timestamps: Float64Array } {
    const n = this.length;
    const out = {
      key: this.key,
      steps: this.steps.subarray(0, n),
      values: this.values.subarray(0, n),
      timestamps: this.timestamps.subarray(0, n),
    };
    const capacity = Math.max(64, Math.min(this.values.length, 1 << 16));
    this.steps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.length = 0;
    return out;
  }
}
