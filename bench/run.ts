/**
 * `npm run bench`: prints a table of the measured figures and writes bench/results.json.
 * `npm run bench -- engine|server|policy` runs one suite; `npm run bench -- --compare [part...]` runs the
 * side-by-side comparison with a bare Node.js server, Riposte on PostgreSQL and Node-RED (docs/benchmarks.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { compareBenchmarks } from './compare/compare-bench.js';
import { compareTables, resultEntries } from './compare/compare-report.js';
import { EXPRESSION_BENCH, WORKFLOW_BENCH, engineBenchmarks } from './engine-bench.js';
import { COMPLIANCE_BENCH, REMEDIATION_BENCH, policyBenchmarks } from './policy-bench.js';
import { INGEST_BENCH, LATENCY_P99_BENCH, serverBenchmarks } from './server-bench.js';

/** The figures the issues ask for on this 2-core machine. */
const targets: Record<string, number> = {
  [EXPRESSION_BENCH]: 1_000_000,
  [WORKFLOW_BENCH]: 5_000,
  [INGEST_BENCH]: 10_000,
};
/** Figures where lower is better, with their ceiling. */
const ceilings: Record<string, number> = { [LATENCY_P99_BENCH]: 50, [COMPLIANCE_BENCH]: 2, [REMEDIATION_BENCH]: 10 };

interface Entry {
  readonly name: string;
}

interface Report {
  readonly results: Entry[];
  readonly compareSetup?: unknown;
}

async function readPrevious(): Promise<Report> {
  try {
    return JSON.parse(await readFile('bench/results.json', 'utf8')) as Report;
  } catch {
    return { results: [] };
  }
}

const isComparison = (entry: Entry) => entry.name.startsWith('compare: ');

/**
 * Writes the figures, keeping the previous ones that `keep` selects among those of benchmarks that did not run
 * this time, and the comparison's setup while comparison figures are kept.
 */
async function writeResults(measured: readonly Entry[], keep: (old: Entry) => boolean, compareSetup?: unknown): Promise<void> {
  const previous = await readPrevious();
  const kept = previous.results.filter((old) => keep(old) && !measured.some((result) => result.name === old.name));
  const setup = compareSetup ?? (kept.some(isComparison) ? previous.compareSetup : undefined);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ...(setup === undefined ? {} : { compareSetup: setup }),
    results: [...kept, ...measured],
  };
  // Compiled to .bench-build/ first (measuring the JavaScript users run), so the path is relative to the repository.
  await writeFile('bench/results.json', JSON.stringify(report, null, 2) + '\n');
  console.log('Wrote bench/results.json');
}

async function runSuites(only: string | undefined): Promise<void> {
  const results = [
    ...(only === 'server' || only === 'policy' ? [] : await engineBenchmarks()),
    ...(only === 'engine' || only === 'policy' ? [] : await serverBenchmarks()),
    ...(only === 'engine' || only === 'server' ? [] : await policyBenchmarks()),
  ];
  const rows = results.map((result) => {
    const target = targets[result.name];
    const ceiling = ceilings[result.name];
    // Durations (ms or s) are printed with a decimal; rates as whole numbers.
    const isLatency = / (ms|s) /.test(result.name);
    return {
      benchmark: result.name,
      value: isLatency ? result.perSecond.toFixed(result.name.includes(' s ') ? 2 : 1) : Math.round(result.perSecond).toLocaleString('en-US'),
      target: target !== undefined ? `≥ ${target.toLocaleString('en-US')}` : ceiling !== undefined ? `≤ ${ceiling}` : '',
      met: target !== undefined ? (result.perSecond >= target ? 'yes' : 'NO') : ceiling !== undefined ? (result.perSecond <= ceiling ? 'yes' : 'NO') : '',
    };
  });
  console.table(rows);
  const measured = results.map((result) => ({ ...result, target: targets[result.name] ?? null, ceiling: ceilings[result.name] ?? null }));
  // Running one suite keeps the others' last figures in the file; running them all keeps only the comparison's.
  await writeResults(measured, only === undefined ? isComparison : () => true);
}

async function runComparison(parts: readonly string[]): Promise<void> {
  const { results, setup } = await compareBenchmarks(parts);
  console.log(`\n${compareTables(results)}\n`);
  console.log(
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${setup.memoryGiB} GiB, Node.js ${process.version}, ` +
      `PostgreSQL ${setup.postgres ?? 'not reachable'}, Node-RED ${setup.nodeRed}; ` +
      `${setup.warmupSeconds} s warm-up + ${setup.seconds} s per phase, ${setup.concurrency} in flight, ${setup.rate} events/s for latency`,
  );
  // The comparison keeps the suites' figures; run whole, it replaces all its own (names carry the rates and
  // counts, which may have changed), run in part, it keeps those of the parts that did not run.
  await writeResults(resultEntries(results), parts.length === 0 ? (old) => !isComparison(old) : () => true, setup);
}

const args = process.argv.slice(2);
if (args[0] === '--compare') await runComparison(args.slice(1));
else await runSuites(args[0]);
