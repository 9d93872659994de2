// Ids: checking ids that arrive in URLs and forms, and ids Hearth generates itself. Bulk imports use time-ordered UUIDs (version 7, RFC 9562): each new
// id sorts after the last, so a million rows append to the end of their primary-key and
// foreign-key indexes instead of landing on random pages of them.
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(8 * 1024);
let poolAt = pool.length;
let lastMs = 0;
let sequence = 0;

/** Whether a string is a UUID (any version): ids from URLs and forms are checked before any query. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version 7 UUID: 48 bits of Unix milliseconds, a 12-bit sequence that keeps ids from the same
 * millisecond in order (method 1 of RFC 9562 §6.2), and 62 random bits. Monotonic within a process.
 */
export function orderedUuid(now: number = Date.now()): string {
  return uuidText(orderedUuidBytes(new Uint8Array(16), now));
}

/**
 * The next ordered UUID as its 16 bytes, written into `out` (which it returns): bulk imports give
 * these to binary COPY as they are, never making the text.
 */
export function orderedUuidBytes(out: Uint8Array = new Uint8Array(16), now: number = Date.now()): Uint8Array {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // More than 4,096 ids in one millisecond: borrow the next millisecond, as the RFC allows.
    lastMs++;
    sequence = 0;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const ms = lastMs;
  const high = Math.floor(ms / 0x100000000); // the top 16 of the 48 bits (bitwise operators stop at 32)
  out[0] = high >>> 8;
  out[1] = high;
  out[2] = ms >>> 24;
  out[3] = ms >>> 16;
  out[4] = ms >>> 8;
  out[5] = ms;
  out[6] = 0x70 | (sequence >>> 8);
  out[7] = sequence;
  const r = pool;
  const at = poolAt;
  poolAt += 8;
  out[8] = 0x80 | ((r[at] as number) & 0x3f);
  for (let k = 1; k < 8; k++) out[8 + k] = r[at + k] as number;
  return out;
}

/** A UUID's text from its 16 bytes. */
export function uuidText(bytes: Uint8Array): string {
  let s = '';
  for (let k = 0; k < 16; k++) s += (k === 4 || k === 6 || k === 8 || k === 10 ? '-' : '') + HEX[bytes[k] as number];
  return s;
}
