/** Riposte's own command line, started as users start it: `riposte serve` / `riposte worker` as child processes. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedProcess, runToEnd, spawnReady, stopProcess } from './child-process.js';
import { BENCH_ADMIN_TOKEN, authorizedJson, putResource } from './riposte-api.js';
import { BENCH_SUBSCRIPTION } from './bench-alert.js';
import type { LoadTarget } from './load-generator.js';
import { type SeverityTest, alertAutomation, automationPath, equalsRule, forwardingWorkflow, workflowPath } from './riposte-resources.js';
import { siblingScript } from './sibling-script.js';

/** The compiled server (`.bench-build/src/cli/main.js`) when the bench runs compiled, the source through tsx in tests. */
const main = siblingScript(import.meta.url, '../../src/cli/main');

/** One key for every process of a deployment, so they can all read the secrets any of them sealed. */
const secretKey = randomBytes(32).toString('hex');

function riposteEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RIPOSTE_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    RIPOSTE_SECRET_KEY: secretKey,
    RIPOSTE_LOG_LEVEL: 'error',
    RIPOSTE_DATA: dataDir,
    // The sink is on loopback: allowed explicitly, as an operator would for an internal endpoint.
    RIPOSTE_OUTBOUND_ALLOW: '127.0.0.1',
    ...extra,
  };
}

export interface RiposteProcess {
  readonly process: StartedProcess;
  stop(): Promise<void>;
}

/** Starts `riposte <command> ...args` with its own temporary data directory; ready when stdout matches `ready`. */
export async function startRiposte(label: string, args: readonly string[], ready: RegExp, env: Record<string, string> = {}): Promise<RiposteProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'riposte-compare-'));
  try {
    const started = await spawnReady({
      label,
      command: process.execPath,
      args: [...main.execArgv, ...profileArgs(), main.path, ...args],
      env: riposteEnv(dataDir, env),
      ready,
      timeoutMs: 120_000,
    });
    return {
      process: started,
      async stop() {
        await stopProcess(started.child);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export const LISTENING = /listening on (http:\/\/\S+)/;

/** `riposte <args>` run to its end: for probing which commands and options this build of Riposte has. */
export const probeRiposte = (args: readonly string[]) => runToEnd(process.execPath, [...main.execArgv, main.path, ...args]);

/**
 * Defines the forwarding workflow and the automation that starts it for the bench subscription's alerts: the High
 * ones (a rule on Severity), or all of them when the workflow tests the severity itself.
 */
export async function defineForwarding(baseUrl: string, sinkUrl: string, severityTest: SeverityTest, subscription = BENCH_SUBSCRIPTION): Promise<void> {
  const workflowId = workflowPath(subscription, 'forward-high-alerts');
  await putResource(baseUrl, workflowId, forwardingWorkflow(sinkUrl, severityTest));
  const rules = severityTest === 'automation-rule' ? [equalsRule('Severity', 'High')] : [];
  await putResource(baseUrl, automationPath(subscription, 'forward-alerts'), alertAutomation(subscription, workflowId, rules));
}

/** Alerts go to the events ingest endpoint, one per request, and are accepted (202) once stored. */
export function ingestTarget(baseUrl: string): LoadTarget {
  return {
    origin: baseUrl,
    path: '/api/events',
    headers: authorizedJson,
    encode: (alert) => JSON.stringify({ value: [alert] }),
    acceptedStatus: 202,
  };
}

/** RIPOSTE_BENCH_PROFILE=<dir>: every Riposte process writes a CPU profile there when it exits. */
function profileArgs(): string[] {
  const dir = process.env['RIPOSTE_BENCH_PROFILE'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
