// A minimal PNG reader for the tests: the header's size, and the decoded
// pixels (8-bit RGBA or RGB, non-interlaced: what resvg writes) to check that
// an image is not blank.

import { inflateSync } from "node:zlib";

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly pixels: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export const pngSize = (png: Uint8Array): { width: number; height: number } => {
  if (!SIGNATURE.every((b, i) => png[i] === b)) throw new Error("not a PNG");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

export const decodePng = (png: Uint8Array): DecodedPng => {
  const { width, height } = pngSize(png);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const bitDepth = png[24];
  const colorType = png[25];
  if (bitDepth !== 8 || (colorType !== 6 && colorType !== 2)) throw new Error(`unsupported PNG: depth ${bitDepth}, color type ${colorType}`);
  const channels = colorType === 6 ? 4 : 3;
  const idat: Uint8Array[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === "IDAT") idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      const v = line[x] as number;
      const out = filter === 0 ? v : filter === 1 ? v + a : filter === 2 ? v + b : filter === 3 ? v + ((a + b) >> 1) : v + paeth(a, b, c);
      pixels[y * stride + x] = out & 0xff;
    }
  }
  return { width, height, channels, pixels };
};

/** The share of pixels that are not (nearly) white. */
export const inkFraction = (image: DecodedPng): number => {
  let ink = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const p = i * image.channels;
    if ((image.pixels[p] as number) < 235 || (image.pixels[p + 1] as number) < 235 || (image.pixels[p + 2] as number) < 235) ink++;
  }
  return ink / n;
};

/** Distinct colours (RGB) in the image. */
export const colourCount = (image: DecodedPng): number => {
  const seen = new Set<number>();
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const p = i * image.channels;
    seen.add(((image.pixels[p] as number) << 16) | ((image.pixels[p + 1] as number) << 8) | (image.pixels[p + 2] as number));
  }
  return seen.size;
};
