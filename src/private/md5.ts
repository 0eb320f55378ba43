/* eslint-disable no-bitwise -- MD5 is defined with 32-bit bitwise operations */
import * as crypto from 'crypto';

/**
 * MD5 hex digest of a UTF-8 string.
 *
 * Used only to derive construct IDs that must stay equal to the ones `@aws-cdk/aws-sagemaker-alpha`
 * derives (so that switching the import replaces no resource). Node built with FIPS refuses MD5 in
 * `crypto`; then the pure-JS implementation below gives the same digest.
 */
export function md5hex(input: string): string {
  try {
    return crypto.createHash('md5').update(input, 'utf8').digest('hex');
  } catch {
    return md5Fallback(Buffer.from(input, 'utf8'));
  }
}

// Per-round left-rotation amounts (RFC 1321, section 3.4).
const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
// K[i] = floor(abs(sin(i + 1)) * 2^32)
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) >>> 0);

/** Pure-JS MD5 (RFC 1321). Exported for tests only. */
export function md5Fallback(data: Buffer): string {
  const bitLength = data.length * 8;
  const paddedLength = (((data.length + 8) >>> 6) + 1) * 64;
  const buf = Buffer.alloc(paddedLength);
  data.copy(buf);
  buf[data.length] = 0x80;
  buf.writeUInt32LE(bitLength >>> 0, paddedLength - 8);
  buf.writeUInt32LE(Math.floor(bitLength / 0x100000000) >>> 0, paddedLength - 4);

  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const words = new Array<number>(16);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let j = 0; j < 16; j++) {
      words[j] = buf.readUInt32LE(offset + j * 4);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const sum = (a + f + K[i] + words[g]) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << SHIFTS[i]) | (sum >>> (32 - SHIFTS[i])))) >>> 0;
    }
    a0 = (a0 + a) >>> 0;
    b0 = (b0 + b) >>> 0;
    c0 = (c0 + c) >>> 0;
    d0 = (d0 + d) >>> 0;
  }
  const out = Buffer.alloc(16);
  [a0, b0, c0, d0].forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out.toString('hex');
}
