import { setTimeout as delay } from 'node:timers/promises';
import type { Sleeper } from '../workflows/ports.js';

/** Real timers. Delays beyond what setTimeout can hold are waited in slices. */
export const timerSleeper: Sleeper = {
  async sleep(ms, signal) {
    let left = ms;
    while (left > 0) {
      const slice = Math.min(left, 2 ** 31 - 1);
      await delay(slice, undefined, signal ? { signal } : {});
      left -= slice;
    }
  },
};
