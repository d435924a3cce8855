import { randomBytes } from 'node:crypto';

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
  const random = randomBytes(5).toString('hex').slice(0, 8);
  return `${time}${seq}${random}`.toUpperCase();
}
