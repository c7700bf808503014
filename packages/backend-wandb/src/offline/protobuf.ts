// Just enough protobuf (proto3 wire format) for W&B's `wandb_internal.Record`
// messages: varints, length-delimited fields (strings, bytes, nested
// messages), and a reader that walks fields for decoding.

const textDecoder = new TextDecoder("utf-8", { fatal: false });

/** Builds one message. Nested messages are built separately and added as bytes. */
export class ProtoWriter {
  private buffer: Buffer = Buffer.allocUnsafe(128);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  private varint(value: number | bigint): void {
    this.ensure(10);
    if (typeof value === "number" && value >= 0 && value <= 0x7fffffff) {
      let v = value;
      while (v >= 0x80) {
        this.buffer[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buffer[this.length++] = v;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  /** int32/int64/uint/bool/enum as a varint (zero is the default and is still written when asked). */
  int(field: number, value: number | bigint | boolean): this {
    this.tag(field, 0);
    this.varint(typeof value === "boolean" ? (value ? 1 : 0) : value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(field: number, value: string): this {
    const n = Buffer.byteLength(value, "utf8");
    this.tag(field, 2);
    this.varint(n);
    this.ensure(n);
    this.length += this.buffer.write(value, this.length, n, "utf8");
    return this;
  }

  message(field: number, value: ProtoWriter): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.ensure(value.length);
    value.buffer.copy(this.buffer, this.length, 0, value.length);
    this.length += value.length;
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.length);
    this.length += 8;
    return this;
  }

  finish(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}

export interface ProtoField {
  readonly field: number;
  readonly wire: 0 | 1 | 2 | 5;
  /** varint (a number when it is a safe integer, else a bigint), fixed64/fixed32 raw bytes, or length-delimited bytes */
  readonly value: number | bigint | Uint8Array;
}

/** Reads the top-level fields of a message, in order. Throws on malformed input. */
export const readFields = (bytes: Uint8Array): ProtoField[] => {
  const fields: ProtoField[] = [];
  let i = 0;
  const varint = (): number | bigint => {
    // fast path: up to 7 bytes fit a double exactly
    let small = 0;
    let scale = 1;
    const start = i;
    for (let k = 0; k < 7; k++) {
      if (i >= bytes.length) throw new Error("protobuf: truncated varint");
      const b = bytes[i++] as number;
      small += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return small;
      scale *= 128;
    }
    i = start;
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= bytes.length) throw new Error("protobuf: truncated varint");
      const b = bytes[i++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error("protobuf: varint too long");
    }
  };
  while (i < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const n = Number(varint());
      if (i + n > bytes.length) throw new Error("protobuf: truncated field");
      fields.push({ field, wire, value: bytes.subarray(i, i + n) });
      i += n;
    } else if (wire === 1) {
      fields.push({ field, wire, value: bytes.subarray(i, i + 8) });
      i += 8;
    } else if (wire === 5) {
      fields.push({ field, wire, value: bytes.subarray(i, i + 4) });
      i += 4;
    } else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
  return fields;
};

type FieldValue = ProtoField["value"];

export const asString = (value: FieldValue): string => (value instanceof Uint8Array ? textDecoder.decode(value) : String(value));
export const asBytes = (value: FieldValue): Uint8Array => (value instanceof Uint8Array ? value : new Uint8Array(0));
/** int64 (two's complement in 64 bits) */
export const asInt = (value: FieldValue): number =>
  typeof value === "number" ? value : typeof value === "bigint" ? Number(BigInt.asIntN(64, value)) : 0;
/** int32 (negative values are sign-extended to 64 bits on the wire) */
export const asInt32 = (value: FieldValue): number =>
  typeof value === "number" ? Number(BigInt.asIntN(32, BigInt(value))) : typeof value === "bigint" ? Number(BigInt.asIntN(32, value)) : 0;
