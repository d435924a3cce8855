/** Starting the contenders' processes, knowing when they are ready, and stopping them (never leaving one behind). */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'undici';
import { sleep } from './clock.js';

const live = new Set<ChildProcess>();
const killAll = () => {
  for (const child of live) child.kill('SIGKILL');
};
// If the bench itself ends or is interrupted, it takes its contenders with it.
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface StartedProcess {
  readonly child: ChildProcess;
  /** The ready line's match. */
  readonly match: RegExpExecArray;
}

export interface SpawnOptions {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** The last few kilobytes a process printed, for error messages. */
function tail(text: string): string {
  return text.length > 4000 ? `…${text.slice(-4000)}` : text;
}

/**
 * Spawns a process whose output is always drained (a full pipe would block it) and whose last few kilobytes are
 * kept for error messages. Once `quiet` is off, its stderr is passed through: errors a contender reports while
 * measured (a blocked call, a crash) must be seen.
 */
export function spawnTracked(options: SpawnOptions) {
  const child = spawn(options.command, options.args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let printed = '';
  let quiet = true;
  child.stdout?.on('data', (chunk: Buffer) => (printed = tail(printed + chunk.toString())));
  child.stderr?.on('data', (chunk: Buffer) => {
    printed = tail(printed + chunk.toString());
    if (!quiet) process.stderr.write(`[${options.label}] ${chunk.toString()}`);
  });
  return {
    child,
    printed: () => printed,
    passStderrThrough: () => {
      quiet = false;
    },
  };
}

/** Spawns a process and waits until its stdout matches `ready`. */
export function spawnReady(options: SpawnOptions & { readonly ready: RegExp; readonly timeoutMs?: number }): Promise<StartedProcess> {
  const tracked = spawnTracked(options);
  const { child } = tracked;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.label} was not ready within ${timeoutMs} ms:\n${tracked.printed()}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = options.ready.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      tracked.passStderrThrough();
      resolve({ child, match });
    };
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited (${signal ?? code}) before it was ready:\n${tracked.printed()}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Runs a command to completion and returns its exit code and output (for probes such as `--help`). */
export function runToEnd(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, failing early if the process exits. */
export async function waitForHttp(url: string, child: ChildProcess, label: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${label} exited (${child.signalCode ?? child.exitCode}) before answering ${url}`);
    try {
      const response = await request(url, { headersTimeout: 2000, bodyTimeout: 2000 });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${label} did not answer ${url} within ${timeoutMs} ms`);
}
