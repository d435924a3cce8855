import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScaleFigures } from './automation-scale.js';
import { type CompareResults, compareTables, resultEntries, targetChecks } from './compare-report.js';
import { type ContenderId, ContenderId as Id } from './contender.js';
import type { ContenderFigures, SkippedContender } from './measure-contender.js';

function figures(id: ContenderId, perSecond: number, p99Ms: number, peakRssMb = 100): ContenderFigures {
  return {
    kind: 'measured',
    id,
    label: id,
    throughput: { perSecond, delivered: perSecond * 10, seconds: 10, acceptedPerSecond: perSecond * 2, failed: 0 },
    latency: { p50Ms: p99Ms / 2, p99Ms, delivered: 2500, lost: 0, rate: 500, failed: 0 },
    peakRssMb,
    notHigh: 0,
    repeats: 0,
    malformed: 0,
  };
}

const scale: ScaleFigures = {
  kind: 'measured',
  few: { automations: 10, perSecond: 6000, accepted: 60_000, seconds: 10, setupSeconds: 0.1 },
  many: { automations: 10_000, perSecond: 3000, accepted: 30_000, seconds: 10, setupSeconds: 20 },
  slowdown: 2,
};

const skippedPostgres: SkippedContender = { kind: 'skipped', id: Id.RipostePostgres, label: 'pg', reason: "no 'worker' command" };

describe('the comparison report', () => {
  const results: CompareResults = {
    contenders: [figures(Id.Bare, 6000, 3), figures(Id.RiposteSqlite, 3300, 60, 250), skippedPostgres, figures(Id.NodeRed, 1000, 20)],
    scale,
  };

  it('checks each target against the measured ratios and figures', () => {
    const checks = targetChecks(results);
    assert.deepEqual(
      checks.map((check) => [check.value, check.met]),
      [
        [3.3, true], // 3,300 ÷ 1,000 Node-RED ≥ 3
        [0.55, true], // 3,300 ÷ 6,000 bare ≥ 0.5
        [60, false], // p99 60 ms > 50
        [undefined, undefined], // PostgreSQL skipped
        [2, false], // slowdown 2× > 1.5×
      ],
    );
    const slower = targetChecks({ contenders: [figures(Id.Bare, 6000, 3), figures(Id.RiposteSqlite, 2900, 10), figures(Id.NodeRed, 1000, 20)] });
    assert.deepEqual(slower.slice(0, 3).map((check) => check.met), [false, false, true]);
  });

  it('writes named entries with their target or ceiling, and nothing for a skipped contender', () => {
    const entries = new Map(resultEntries(results).map((entry) => [entry.name, entry]));
    assert.equal(entries.get('compare: riposte-sqlite events/s to sink')?.perSecond, 3300);
    assert.equal(entries.get('compare: riposte-sqlite POST → sink p99 ms (500 events/s)')?.ceiling, 50);
    assert.equal(entries.get('compare: node-red POST → sink p99 ms (500 events/s)')?.ceiling, null);
    assert.equal(entries.get('compare: bare-node peak RSS MiB')?.perSecond, 100);
    assert.equal(entries.get('compare: riposte-sqlite ÷ node-red events/s to sink')?.target, 3);
    assert.equal(entries.get('compare: riposte-sqlite ÷ bare-node events/s to sink')?.perSecond, 0.55);
    assert.equal(entries.get('compare: riposte-sqlite matching slowdown 10 → 10,000 automations')?.ceiling, 1.5);
    assert.equal(entries.get('compare: riposte-sqlite events/s accepted, 10,000 automations (batches of 100)')?.perSecond, 3000);
    assert.ok(![...entries.keys()].some((name) => name.includes('postgres')));
  });

  it('prints ratios to the bare server, the skip reason and which targets are NOT met', () => {
    const text = compareTables(results);
    assert.match(text, /\| riposte-sqlite \| 3,300 \| 0\.55× \| 6,600 \| 30\.0 \| 60\.0 \| 250 \| 2\.50× \|/);
    assert.match(text, /\| pg \|.*skipped: no 'worker' command \|/);
    assert.match(text, /p99 POST → sink ≤ 50 ms at 500 events\/s \| 60\.0 ms \| NOT met \|/);
    assert.match(text, /PostgreSQL \(2 workers\).*\| – \| not measured \|/);
    assert.match(text, /\| 10,000 automations \| 3,000 \| 20\.0 \|/);
  });

  it('says when a contender forwarded what it should not have', () => {
    const wrong: ContenderFigures = { ...figures(Id.NodeRed, 1000, 20), notHigh: 4, malformed: 1 };
    assert.match(compareTables({ contenders: [wrong] }), /WRONG: 4 non-High alerts reached the sink; WRONG: 1 sink bodies without the alert/);
  });
});
