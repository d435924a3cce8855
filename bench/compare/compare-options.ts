/**
 * Options of `npm run bench -- --compare [part...]`: which parts run (all by default), and the RIPOSTE_BENCH_*
 * environment variables, read here only, checked, defaulted and frozen.
 */

export const COMPARE_PARTS = ['bare', 'riposte-sqlite', 'riposte-sqlite-if', 'riposte-postgres', 'riposte-postgres-if', 'node-red', 'automations'] as const;
export type ComparePart = (typeof COMPARE_PARTS)[number];

export interface CompareOptions {
  readonly parts: readonly ComparePart[];
  /** Measured window of each throughput and latency phase. */
  readonly seconds: number;
  /** Load before each measured window, left out of the figures (JIT, connection pools, caches). */
  readonly warmupSeconds: number;
  /** Requests in flight in the closed-loop throughput phase. */
  readonly concurrency: number;
  /** Alerts per second in the open-loop latency phase. */
  readonly rate: number;
  readonly postgresUrl: string;
  readonly nodeRedVersion: string;
  /** The automation counts compared for matching throughput (the larger one takes a while to create). */
  readonly fewAutomations: number;
  readonly manyAutomations: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, integer = false): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name}='${text}' must be a positive ${integer ? 'integer' : 'number'}`);
  }
  return value;
}

export function compareOptions(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CompareOptions {
  for (const arg of args) {
    if (!(COMPARE_PARTS as readonly string[]).includes(arg)) throw new Error(`'${arg}' is not a comparison part: choose from ${COMPARE_PARTS.join(', ')}`);
  }
  const fewAutomations = positive(env, 'RIPOSTE_BENCH_FEW_AUTOMATIONS', 10, true);
  const manyAutomations = positive(env, 'RIPOSTE_BENCH_MANY_AUTOMATIONS', 10_000, true);
  if (manyAutomations <= fewAutomations) throw new Error('RIPOSTE_BENCH_MANY_AUTOMATIONS must be larger than RIPOSTE_BENCH_FEW_AUTOMATIONS');
  return Object.freeze({
    parts: Object.freeze(args.length > 0 ? (args as ComparePart[]) : [...COMPARE_PARTS]),
    seconds: positive(env, 'RIPOSTE_BENCH_SECONDS', 10),
    warmupSeconds: positive(env, 'RIPOSTE_BENCH_WARMUP_SECONDS', 3),
    concurrency: positive(env, 'RIPOSTE_BENCH_CONCURRENCY', 32, true),
    rate: positive(env, 'RIPOSTE_BENCH_RATE', 500),
    postgresUrl: env['RIPOSTE_BENCH_POSTGRES_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres',
    nodeRedVersion: env['RIPOSTE_BENCH_NODE_RED_VERSION'] || '4.1.15',
    fewAutomations,
    manyAutomations,
  });
}
