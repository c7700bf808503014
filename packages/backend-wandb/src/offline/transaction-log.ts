// W&B's .wandb transaction log (core/pkg/leveldb, core/internal/transactionlog):
// a 7-byte header (":W&B", uint16 LE 0xBEE1, version 0), then LevelDB's log
// framing in 32 KiB blocks — the header counts in the first block. Each chunk
// is a 7-byte header (uint32 LE CRC-32 over the type byte and the payload,
// the plain IEEE/zlib polynomial, unmasked; uint16 LE length; uint8 type:
// 1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST) and its payload; fewer than 7 bytes left
// in a block are zero padding. A record is one serialized protobuf message.

export const BLOCK_SIZE = 32 * 1024;
export const CHUNK_HEADER_SIZE = 7;
export const WANDB_HEADER = Uint8Array.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]); // ":W&B", 0xBEE1 LE, version 0

const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib computes it). */
export const crc32 = (bytes: Uint8Array, start = 0, end = bytes.length): number => {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/**
 * Frames records for a log whose length so far is `fileLength` (7 for a file
 * holding only the header). Returns the bytes to append and the new length.
 */
export const frameRecords = (records: readonly Uint8Array[], fileLength: number): { bytes: Uint8Array; length: number } => {
  let size = 0;
  {
    // exact size: simulate the framing
    let offset = fileLength % BLOCK_SIZE;
    for (const r of records) {
      let left = r.length;
      let first = true;
      while (first || left > 0) {
        const room = BLOCK_SIZE - offset;
        if (room < CHUNK_HEADER_SIZE) {
          size += room;
          offset = 0;
        }
        const fragment = Math.min(left, BLOCK_SIZE - offset - CHUNK_HEADER_SIZE);
        size += CHUNK_HEADER_SIZE + fragment;
        offset += CHUNK_HEADER_SIZE + fragment;
        left -= fragment;
        first = false;
      }
    }
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let pos = 0;
  let offset = fileLength % BLOCK_SIZE;
  for (const r of records) {
    let start = 0;
    let first = true;
    while (first || start < r.length) {
      const room = BLOCK_SIZE - offset;
      if (room < CHUNK_HEADER_SIZE) {
        pos += room; // zero padding (the array is zero-filled)
        offset = 0;
      }
      const fragment = Math.min(r.length - start, BLOCK_SIZE - offset - CHUNK_HEADER_SIZE);
      const end = start + fragment === r.length;
      const type = first && end ? FULL : first ? FIRST : end ? LAST : MIDDLE;
      out[pos + 6] = type;
      out.set(r.subarray(start, start + fragment), pos + CHUNK_HEADER_SIZE);
      view.setUint32(pos, crc32(out, pos + 6, pos + CHUNK_HEADER_SIZE + fragment), true);
      view.setUint16(pos + 4, fragment, true);
      pos += CHUNK_HEADER_SIZE + fragment;
      offset += CHUNK_HEADER_SIZE + fragment;
      start += fragment;
      first = false;
    }
  }
  return { bytes: out, length: fileLength + size };
};

export interface ReadResult {
  readonly records: Uint8Array[];
  /** a problem that stopped reading early (a torn tail, a bad checksum), if any */
  readonly problem: string | undefined;
}

/** Reads every record of a .wandb file's bytes (verifying the header and each chunk's CRC). */
export const readRecords = (bytes: Uint8Array): ReadResult => {
  const records: Uint8Array[] = [];
  if (bytes.length < WANDB_HEADER.length || !WANDB_HEADER.every((b, i) => bytes[i] === b)) {
    return { records, problem: "not a W&B transaction log (bad header)" };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = WANDB_HEADER.length;
  let parts: Uint8Array[] | undefined;
  while (pos < bytes.length) {
    const room = BLOCK_SIZE - (pos % BLOCK_SIZE);
    if (room < CHUNK_HEADER_SIZE) {
      pos += room;
      continue;
    }
    if (pos + CHUNK_HEADER_SIZE > bytes.length) return { records, problem: `torn chunk header at byte ${pos}` };
    const checksum = view.getUint32(pos, true);
    const length = view.getUint16(pos + 4, true);
    const type = bytes[pos + 6] as number;
    if (checksum === 0 && length === 0 && type === 0) {
      pos += room; // a zeroed block tail
      continue;
    }
    const end = pos + CHUNK_HEADER_SIZE + length;
    if (end > bytes.length) return { records, problem: `torn chunk at byte ${pos}` };
    if (length > room - CHUNK_HEADER_SIZE) return { records, problem: `chunk at byte ${pos} crosses a block boundary` };
    if (crc32(bytes, pos + 6, end) !== checksum) return { records, problem: `checksum mismatch at byte ${pos}` };
    const payload = bytes.subarray(pos + CHUNK_HEADER_SIZE, end);
    pos = end;
    if (type === FULL) records.push(payload);
    else if (type === FIRST) parts = [payload];
    else if (type === MIDDLE && parts) parts.push(payload);
    else if (type === LAST && parts) {
      parts.push(payload);
      const total = parts.reduce((n, p) => n + p.length, 0);
      const joined = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
      records.push(joined);
      parts = undefined;
    } else return { records, problem: `unexpected chunk type ${type} at byte ${pos - length - CHUNK_HEADER_SIZE}` };
  }
  return { records, problem: parts ? "the last record is incomplete" : undefined };
};
