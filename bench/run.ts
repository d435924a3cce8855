/** `npm run bench`: prints a table of the measured figures and writes bench/results.json. */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
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

const only = process.argv[2];
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
// Running one half keeps the other half's last figures in the file.
const previous = only === undefined ? [] : await readPrevious();
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  results: [...previous.filter((old) => !measured.some((result) => result.name === old.name)), ...measured],
};

async function readPrevious(): Promise<{ name: string }[]> {
  try {
    return (JSON.parse(await readFile('bench/results.json', 'utf8')) as { results: { name: string }[] }).results;
  } catch {
    return [];
  }
}
// Compiled to .bench-build/ first (measuring the JavaScript users run), so the path is relative to the repository.
await writeFile('bench/results.json', JSON.stringify(report, null, 2) + '\n');
console.log('Wrote bench/results.json');
