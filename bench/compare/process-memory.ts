/** Peak resident memory of a process, from Linux's /proc (VmHWM: the high-water mark of VmRSS). */
import { readFile } from 'node:fs/promises';

/** MiB, or NaN where /proc is not available (the figure is then reported as unknown, never guessed). */
export async function peakRssMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}
