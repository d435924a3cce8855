/** `npm run bench`: prints a table of the measured figures and writes bench/results.json. */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { EXPRESSION_BENCH, WORKFLOW_BENCH, engineBenchmarks } from './engine-bench.js';

/** The figures the issues ask for on this 2-core machine. */
const targets: Record<string, number> = {
  [EXPRESSION_BENCH]: 1_000_000,
  [WORKFLOW_BENCH]: 5_000,
};

const results = await engineBenchmarks();
const rows = results.map((result) => {
  const target = targets[result.name];
  return {
    benchmark: result.name,
    'per second': Math.round(result.perSecond).toLocaleString('en-US'),
    target: target === undefined ? '' : `≥ ${target.toLocaleString('en-US')}`,
    met: target === undefined ? '' : result.perSecond >= target ? 'yes' : 'NO',
  };
});
console.table(rows);
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  results: results.map((result) => ({ ...result, target: targets[result.name] ?? null })),
};
// Compiled to .bench-build/ first (measuring the JavaScript users run), so the path is relative to the repository.
await writeFile('bench/results.json', JSON.stringify(report, null, 2) + '\n');
console.log('Wrote bench/results.json');
