/**
 * Compiles and runs definitions for the executor suites with real adapters where they exist (undici HTTP) and
 * virtual time for the clock and sleeper, collecting the journal as the run writes it.
 */
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import type { Value } from '../../src/expressions/index.js';
import { createUndiciHttpClient } from '../../src/adapters/undici-http-client.js';
import {
  type CompiledWorkflow,
  type ConnectorClient,
  type ExecutorPorts,
  type JournalEntry,
  type RunRecord,
  type ValidationIssue,
  compileWorkflow,
  resolveParameters,
  runWorkflow,
  unconfiguredConnectors,
} from '../../src/workflows/index.js';
import { VirtualTime } from './virtual-time.js';
import { type HttpSink, type SinkScript, startHttpSink } from './http-sink.js';

export const START = '2024-01-01T00:00:00Z';

export function compileOk(definition: unknown): CompiledWorkflow {
  const compiled = compileWorkflow(definition);
  if (!compiled.ok) assert.fail(`expected the definition to compile, got:\n${JSON.stringify(compiled.issues, null, 2)}`);
  return compiled.workflow;
}

export function compileIssues(definition: unknown): readonly ValidationIssue[] {
  const compiled = compileWorkflow(definition);
  assert.equal(compiled.ok, false, 'expected the definition to be refused');
  return compiled.ok ? [] : compiled.issues;
}

export interface RunInput {
  readonly body?: Value;
  readonly headers?: Value;
  readonly parameters?: Readonly<Record<string, Value>>;
  readonly journal?: readonly JournalEntry[];
  readonly runId?: string;
  readonly connectors?: ConnectorClient;
  readonly time?: VirtualTime;
  readonly random?: () => number;
  readonly signal?: AbortSignal;
}

export interface RunOutput {
  readonly record: RunRecord;
  /** Every entry handed to `onJournal`, in order. */
  readonly journal: readonly JournalEntry[];
  readonly time: VirtualTime;
}

export function portsFor(time: VirtualTime, input: Pick<RunInput, 'connectors' | 'random'> = {}): ExecutorPorts {
  return {
    clock: time.clock,
    random: input.random ?? (() => 0),
    sleeper: time.sleeper,
    http: createUndiciHttpClient(),
    connectors: input.connectors ?? unconfiguredConnectors,
  };
}

export async function runCompiled(workflow: CompiledWorkflow, input: RunInput = {}): Promise<RunOutput> {
  const time = input.time ?? new VirtualTime(START);
  const parameters = resolveParameters(workflow, input.parameters ?? {});
  if (!parameters.ok) assert.fail(`parameters refused: ${JSON.stringify(parameters.issues)}`);
  const journal: JournalEntry[] = [];
  const record = await runWorkflow(
    workflow,
    {
      runId: input.runId ?? 'R1',
      trigger: { body: input.body ?? null, ...(input.headers === undefined ? {} : { headers: input.headers }) },
      parameters: parameters.values,
      ...(input.journal ? { journal: input.journal } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      onJournal: (entry) => {
        journal.push(entry);
      },
    },
    portsFor(time, input),
  );
  return { record, journal, time };
}

export async function run(definition: unknown, input: RunInput = {}): Promise<RunOutput> {
  return runCompiled(compileOk(definition), input);
}

/** The status of every action in a record. */
export function statuses(record: RunRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(record.actions).map(([name, result]) => [name, result.status]));
}

/** Shorthand for an action result that must exist. */
export function action(record: RunRecord, name: string) {
  const result = record.actions[name];
  assert.ok(result, `no action '${name}' in the record; have ${Object.keys(record.actions).join(', ')}`);
  return result;
}

/** `runAfter` on one predecessor. */
export const after = (name: string, statuses: string[] = ['Succeeded']) => ({ [name]: statuses });

export const compose = (inputs: unknown, runAfter?: Record<string, string[]>) => ({
  type: 'Compose',
  inputs,
  ...(runAfter ? { runAfter } : {}),
});

/** Starts local HTTP sinks for a test file's tests and closes them after each test. */
export function sinksClosedAfterEachTest(): (script?: SinkScript) => Promise<HttpSink> {
  let sinks: HttpSink[] = [];
  afterEach(async () => {
    await Promise.all(sinks.map((started) => started.close()));
    sinks = [];
  });
  return async (script) => {
    const started = await startHttpSink(script);
    sinks.push(started);
    return started;
  };
}
