import { randomBytes } from 'node:crypto';

/** Random bytes drawn in bulk: a draw per id cost more than the rest of making it. */
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const text = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return text;
}

let lastTime = 0;
let sequence = 0;

/**
 * Run ids that sort by creation time (so "newest first" is an index scan), unique across processes:
 * 9 base-36 chars of milliseconds, 4 of sequence within the millisecond, 8 random.
 */
export function newRunId(now = Date.now()): string {
  if (now === lastTime) sequence++;
  else {
    lastTime = now;
    sequence = 0;
  }
  const time = now.toString(36).padStart(9, '0');
  const seq = sequence.toString(36).padStart(4, '0');
  const random = randomHex(4);
  return `${time}${seq}${random}`.toUpperCase();
}
