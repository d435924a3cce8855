/**
 * Turns the comparison's figures into what `npm run bench -- --compare` prints (Markdown tables, ratios to the
 * bare server, targets met or NOT) and the entries it writes to bench/results.json. Pure.
 */
import type { ScaleFigures } from './automation-scale.js';
import { ContenderId } from './contender.js';
import type { ContenderFigures, ContenderOutcome } from './measure-contender.js';

export interface CompareResults {
  readonly contenders: readonly ContenderOutcome[];
  readonly scale?: ScaleFigures;
}

/** One figure in bench/results.json, in the shape run.ts writes (the value is in `perSecond`, whatever its unit). */
export interface ResultEntry {
  readonly name: string;
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly target: number | null;
  readonly ceiling: number | null;
}

/** How each contender is named in results.json. */
const ENTRY_NAME: Record<ContenderId, string> = {
  [ContenderId.Bare]: 'bare-node',
  [ContenderId.RiposteSqlite]: 'riposte-sqlite',
  [ContenderId.RipostePostgres]: 'riposte-postgres-2-workers',
  [ContenderId.RiposteSqliteWorkflowIf]: 'riposte-sqlite-workflow-if',
  [ContenderId.RipostePostgresWorkflowIf]: 'riposte-postgres-2-workers-workflow-if',
  [ContenderId.NodeRed]: 'node-red',
};

export const TARGETS = {
  sqliteOverNodeRed: 3,
  sqliteOverBare: 0.5,
  sqliteP99Ms: 50,
  postgresPerSecond: 2000,
  scaleSlowdown: 1.5,
} as const;

const entryNames = (id: ContenderId, rate: number) => {
  const name = ENTRY_NAME[id];
  return {
    throughput: `compare: ${name} events/s to sink`,
    p50: `compare: ${name} POST → sink p50 ms (${rate} events/s)`,
    p99: `compare: ${name} POST → sink p99 ms (${rate} events/s)`,
    memory: `compare: ${name} peak RSS MiB`,
  };
};

function measured(results: CompareResults, id: ContenderId): ContenderFigures | undefined {
  const outcome = results.contenders.find((contender) => contender.id === id);
  return outcome?.kind === 'measured' ? outcome : undefined;
}

/** `a / b` when both were measured. */
function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

export interface TargetCheck {
  readonly target: string;
  readonly value: number | undefined;
  readonly unit: string;
  /** undefined: not measured in this run. */
  readonly met: boolean | undefined;
}

export function targetChecks(results: CompareResults): TargetCheck[] {
  const sqlite = measured(results, ContenderId.RiposteSqlite);
  const postgres = measured(results, ContenderId.RipostePostgres);
  const bare = measured(results, ContenderId.Bare);
  const nodeRed = measured(results, ContenderId.NodeRed);
  const check = (target: string, value: number | undefined, unit: string, ok: (value: number) => boolean): TargetCheck => ({
    target,
    value,
    unit,
    met: value === undefined ? undefined : ok(value),
  });
  const rate = sqlite?.latency.rate;
  return [
    check(`Riposte SQLite events/s to sink ≥ ${TARGETS.sqliteOverNodeRed}× Node-RED's`, ratio(sqlite?.throughput.perSecond, nodeRed?.throughput.perSecond), '×', (v) => v >= TARGETS.sqliteOverNodeRed),
    check(`Riposte SQLite events/s to sink ≥ ${TARGETS.sqliteOverBare}× bare Node.js`, ratio(sqlite?.throughput.perSecond, bare?.throughput.perSecond), '×', (v) => v >= TARGETS.sqliteOverBare),
    check(`Riposte SQLite p99 POST → sink ≤ ${TARGETS.sqliteP99Ms} ms at ${rate ?? '…'} events/s`, sqlite?.latency.p99Ms, 'ms', (v) => v <= TARGETS.sqliteP99Ms),
    check(`Riposte PostgreSQL (2 workers) ≥ ${TARGETS.postgresPerSecond.toLocaleString('en-US')} events/s to sink`, postgres?.throughput.perSecond, 'events/s', (v) => v >= TARGETS.postgresPerSecond),
    check(`Matching slowdown, few → many automations ≤ ${TARGETS.scaleSlowdown}×`, results.scale?.slowdown, '×', (v) => v <= TARGETS.scaleSlowdown),
  ];
}

export function resultEntries(results: CompareResults): ResultEntry[] {
  const entries: ResultEntry[] = [];
  const entry = (name: string, value: number, operations: number, seconds: number, limits: { target?: number; ceiling?: number } = {}) =>
    entries.push({ name, operations, seconds, perSecond: value, target: limits.target ?? null, ceiling: limits.ceiling ?? null });
  for (const outcome of results.contenders) {
    if (outcome.kind !== 'measured') continue;
    const names = entryNames(outcome.id, outcome.latency.rate);
    const expected = outcome.latency.delivered + outcome.latency.lost;
    const isSqlite = outcome.id === ContenderId.RiposteSqlite;
    entry(names.throughput, outcome.throughput.perSecond, outcome.throughput.delivered, outcome.throughput.seconds, outcome.id === ContenderId.RipostePostgres ? { target: TARGETS.postgresPerSecond } : {});
    entry(names.p50, outcome.latency.p50Ms, expected, expected / (outcome.latency.rate / 2));
    entry(names.p99, outcome.latency.p99Ms, expected, expected / (outcome.latency.rate / 2), isSqlite ? { ceiling: TARGETS.sqliteP99Ms } : {});
    entry(names.memory, outcome.peakRssMb, 1, 0);
  }
  const sqlite = measured(results, ContenderId.RiposteSqlite);
  for (const [peer, target] of [
    [ContenderId.NodeRed, TARGETS.sqliteOverNodeRed],
    [ContenderId.Bare, TARGETS.sqliteOverBare],
  ] as const) {
    const other = measured(results, peer);
    const value = ratio(sqlite?.throughput.perSecond, other?.throughput.perSecond);
    if (value !== undefined) entry(`compare: riposte-sqlite ÷ ${ENTRY_NAME[peer]} events/s to sink`, value, 1, 0, { target });
  }
  const scale = results.scale;
  if (scale !== undefined) {
    for (const figures of [scale.few, scale.many]) {
      entry(`compare: riposte-sqlite events/s accepted, ${figures.automations.toLocaleString('en-US')} automations (batches of 100)`, figures.perSecond, figures.accepted, figures.seconds);
    }
    entry(
      `compare: riposte-sqlite matching slowdown ${scale.few.automations.toLocaleString('en-US')} → ${scale.many.automations.toLocaleString('en-US')} automations`,
      scale.slowdown,
      1,
      0,
      { ceiling: TARGETS.scaleSlowdown },
    );
  }
  return entries;
}

const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const oneDecimal = (value: number) => (Number.isNaN(value) ? '–' : Number.isFinite(value) ? value.toFixed(1) : '∞');
const times = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function notes(outcome: ContenderFigures): string {
  const said: string[] = [];
  if (outcome.throughput.failed > 0) said.push(`${outcome.throughput.failed} failed requests (${outcome.throughput.firstFailure ?? ''})`);
  if (outcome.latency.failed > 0) said.push(`${outcome.latency.failed} failed at the steady rate (${outcome.latency.firstFailure ?? ''})`);
  if (outcome.latency.lost > 0) said.push(`${outcome.latency.lost} High alerts never reached the sink at the steady rate`);
  if (outcome.notHigh > 0) said.push(`WRONG: ${outcome.notHigh} non-High alerts reached the sink`);
  if (outcome.repeats > 0) said.push(`${outcome.repeats} repeated deliveries`);
  if (outcome.malformed > 0) said.push(`WRONG: ${outcome.malformed} sink bodies without the alert`);
  return said.join('; ').replace(/\|/g, '\\|');
}

/** The Markdown the comparison prints (and docs/benchmarks.md quotes). */
export function compareTables(results: CompareResults): string {
  const bare = measured(results, ContenderId.Bare);
  const rate = results.contenders.find((outcome) => outcome.kind === 'measured')?.latency.rate;
  const contenderRows = results.contenders.map((outcome) => {
    if (outcome.kind === 'skipped') return [outcome.label, '–', '–', '–', '–', '–', '–', '–', `skipped: ${outcome.reason}`];
    return [
      outcome.label,
      whole(outcome.throughput.perSecond),
      times(ratio(outcome.throughput.perSecond, bare?.throughput.perSecond)),
      whole(outcome.throughput.acceptedPerSecond),
      oneDecimal(outcome.latency.p50Ms),
      oneDecimal(outcome.latency.p99Ms),
      whole(outcome.peakRssMb),
      times(ratio(outcome.peakRssMb, bare?.peakRssMb)),
      notes(outcome),
    ];
  });
  const parts: string[] = [];
  if (contenderRows.length > 0) {
    parts.push(
      table(
        ['contender', 'events/s to sink', '× bare', 'answered/s', `p50 ms @ ${rate ?? '…'}/s`, `p99 ms @ ${rate ?? '…'}/s`, 'peak RSS MiB', '× bare', 'notes'],
        contenderRows,
      ),
    );
  }
  const scale = results.scale;
  if (scale !== undefined) {
    parts.push(
      table(
        ['Riposte SQLite, matching', 'events/s accepted (batches of 100)', 'setup s'],
        [scale.few, scale.many].map((figures) => [`${figures.automations.toLocaleString('en-US')} automations`, whole(figures.perSecond), figures.setupSeconds.toFixed(1)]),
      ),
    );
  }
  parts.push(
    table(
      ['target', 'measured', 'met'],
      targetChecks(results).map((check) => [
        check.target,
        check.value === undefined ? '–' : check.unit === '×' ? times(check.value) : `${check.unit === 'ms' ? oneDecimal(check.value) : whole(check.value)} ${check.unit}`,
        check.met === undefined ? 'not measured' : check.met ? 'met' : 'NOT met',
      ]),
    ),
  );
  return parts.join('\n\n');
}
