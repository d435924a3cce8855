import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPARE_PARTS, compareOptions } from './compare-options.js';

describe('compareOptions', () => {
  it('runs every part with the documented defaults', () => {
    const options = compareOptions([], {});
    assert.deepEqual(options.parts, COMPARE_PARTS);
    assert.equal(options.seconds, 10);
    assert.equal(options.warmupSeconds, 3);
    assert.equal(options.concurrency, 32);
    assert.equal(options.rate, 500);
    assert.equal(options.postgresUrl, 'postgres://postgres@127.0.0.1:5432/postgres');
    assert.equal(options.nodeRedVersion, '4.1.15');
    assert.equal(options.fewAutomations, 10);
    assert.equal(options.manyAutomations, 10_000);
    assert.ok(Object.isFrozen(options));
  });

  it('takes the parts named and the RIPOSTE_BENCH_* variables', () => {
    const options = compareOptions(['bare', 'node-red'], { RIPOSTE_BENCH_SECONDS: '2.5', RIPOSTE_BENCH_CONCURRENCY: '8', RIPOSTE_BENCH_POSTGRES_URL: 'postgres://x@db/y' });
    assert.deepEqual(options.parts, ['bare', 'node-red']);
    assert.equal(options.seconds, 2.5);
    assert.equal(options.concurrency, 8);
    assert.equal(options.postgresUrl, 'postgres://x@db/y');
  });

  it('refuses an unknown part and bad numbers, naming them', () => {
    assert.throws(() => compareOptions(['riposte'], {}), /'riposte' is not a comparison part/);
    assert.throws(() => compareOptions([], { RIPOSTE_BENCH_SECONDS: '0' }), /RIPOSTE_BENCH_SECONDS='0'/);
    assert.throws(() => compareOptions([], { RIPOSTE_BENCH_CONCURRENCY: '2.5' }), /RIPOSTE_BENCH_CONCURRENCY='2.5' must be a positive integer/);
    assert.throws(() => compareOptions([], { RIPOSTE_BENCH_MANY_AUTOMATIONS: '10' }), /must be larger/);
  });
});
