import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type SinkArrival, deliveredInWindow, deliveryProblems, latencySummary, percentile } from './delivery-stats.js';

const arrival = (id: string, arrivedAtUs: number, severity = 'High', sentAtUs = 0): SinkArrival => ({ id, severity, sentAtUs, arrivedAtUs });

describe('percentile', () => {
  it('is the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('agrees with counting: at least p% of the values are at or below it, and fewer are strictly below', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const value = percentile(sorted, p);
        assert.ok(sorted.filter((v) => v <= value).length >= (p / 100) * sorted.length);
        assert.ok(sorted.filter((v) => v < value).length < (p / 100) * sorted.length);
      }),
    );
  });
});

describe('deliveredInWindow', () => {
  it('counts distinct alerts whose arrival is inside [start, end)', () => {
    const arrivals = [arrival('a', 99), arrival('b', 100), arrival('c', 150), arrival('c', 160), arrival('d', 199), arrival('e', 200)];
    assert.equal(deliveredInWindow(arrivals, 100, 200), 3);
  });
});

describe('latencySummary', () => {
  it('measures from the intended send time to the first arrival, in ms', () => {
    const expected = Array.from({ length: 100 }, (_, i) => ({ id: `a${i}`, sentAtUs: i * 1000 }));
    // a0 takes 1 ms, a1 2 ms, … a99 100 ms; a5 also arrives again later (a redelivery is not its latency).
    const arrivals = expected.map(({ id, sentAtUs }, i) => arrival(id, sentAtUs + (i + 1) * 1000));
    arrivals.push(arrival('a5', 10_000_000));
    const summary = latencySummary(expected, arrivals);
    assert.equal(summary.p50Ms, 50);
    assert.equal(summary.p99Ms, 99);
    assert.equal(summary.delivered, 100);
    assert.equal(summary.lost, 0);
  });

  it('counts an alert that never arrived as lost and infinitely late', () => {
    const expected = [
      { id: 'x', sentAtUs: 0 },
      { id: 'y', sentAtUs: 0 },
    ];
    const summary = latencySummary(expected, [arrival('x', 3000), arrival('unexpected', 1)]);
    assert.equal(summary.delivered, 1);
    assert.equal(summary.lost, 1);
    assert.equal(summary.p50Ms, 3);
    assert.equal(summary.p99Ms, Number.POSITIVE_INFINITY);
  });
});

describe('deliveryProblems', () => {
  it('finds forwarded alerts that are not High and repeated deliveries', () => {
    const problems = deliveryProblems([arrival('a', 1), arrival('b', 2, 'Low'), arrival('a', 3), arrival('a', 4)]);
    assert.deepEqual(problems, { notHigh: 1, repeats: 2 });
  });
});
