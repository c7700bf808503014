// A Float64Array that grows by doubling, for numbers read one at a time from
// a stream (never through an array of JS numbers).

export class Growable {
  data: Float64Array;
  length = 0;
  constructor(initialCapacity = 64) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }
  private reserve(total: number): void {
    if (total <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < total) capacity *= 2;
    const grown = new Float64Array(capacity);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  push(x: number): void {
    this.reserve(this.length + 1);
    this.data[this.length++] = x;
  }
  append(xs: Float64Array): void {
    this.reserve(this.length + xs.length);
    this.data.set(xs, this.length);
    this.length += xs.length;
  }
  /** a copy of what was pushed, exactly its length */
  done(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
