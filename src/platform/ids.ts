/** Identifiers: time-ordered random ids for primary keys, and unguessable public tokens. */
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = 0;
let lastRandom: Buffer = Buffer.alloc(10);

function encode(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out.slice(0, length);
}

/** A ULID-style id: 10 characters of milliseconds then 16 random, monotonic within one process. */
export function newId(now = Date.now()): string {
  let rnd: Buffer;
  if (now === lastTime) {
    rnd = Buffer.from(lastRandom);
    for (let i = rnd.length - 1; i >= 0; i--) {
      rnd[i] = (rnd[i] + 1) & 0xff;
      if (rnd[i] !== 0) break;
    }
  } else {
    rnd = randomBytes(10);
  }
  lastTime = now;
  lastRandom = rnd;
  let t = now;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + encode(rnd, 16);
}

/** An unguessable token of `bytes` random bytes (≥ 16 = 128 bits), base32 without ambiguous letters. */
export function newToken(bytes = 20): string {
  return encode(randomBytes(bytes), Math.ceil((bytes * 8) / 5));
}
