/**
 * The harness end to end on the cheapest contender: the sink process, the bare server process, both load
 * generators and the figures; and its refusal to measure a contender that does the wrong job.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { bareContender } from './bare-contender.js';
import { compareOptions } from './compare-options.js';
import { type Contender, ContenderId, ContenderUnavailableError } from './contender.js';
import { measureContender } from './measure-contender.js';
import { type Sink, startSink } from './sink.js';

const options = compareOptions([], {
  RIPOSTE_BENCH_SECONDS: '1',
  RIPOSTE_BENCH_WARMUP_SECONDS: '0.3',
  RIPOSTE_BENCH_RATE: '200',
  RIPOSTE_BENCH_CONCURRENCY: '4',
});

let sink: Sink;
before(async () => {
  sink = await startSink();
});
after(() => sink.stop());

/** An in-process contender that forwards every alert, whatever its severity: the wrong job. */
const forwardsEverything: Contender = {
  id: ContenderId.Bare,
  label: 'forwards everything',
  async start(sinkUrl) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void request(new URL('/alerts', sinkUrl), { method: 'POST', body: Buffer.concat(chunks) })
          .then((response) => response.body.dump())
          .then(() => res.end('{}'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      target: { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/', headers: {}, encode: JSON.stringify, acceptedStatus: 200 },
      pids: [process.pid],
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
};

describe('measuring a contender', () => {
  it('measures the bare server: throughput in the window, latency of every High alert, peak memory', async () => {
    const outcome = await measureContender(bareContender, sink, options);
    assert.equal(outcome.kind, 'measured');
    if (outcome.kind !== 'measured') return;
    assert.equal(outcome.throughput.failed, 0, outcome.throughput.firstFailure);
    assert.ok(outcome.throughput.delivered > 0);
    assert.ok(Math.abs(outcome.throughput.seconds - 1) < 1e-6);
    // Half the alerts are High: what reached the sink in the window is about half of what was answered.
    const half = outcome.throughput.acceptedPerSecond / 2;
    assert.ok(Math.abs(outcome.throughput.perSecond - half) <= half * 0.1 + 10, `${outcome.throughput.perSecond} vs ${half}`);
    // 1 s at 200/s after the warm-up: 100 High alerts, every one delivered once.
    assert.equal(outcome.latency.delivered, 100);
    assert.equal(outcome.latency.lost, 0);
    assert.ok(outcome.latency.p50Ms > 0 && outcome.latency.p50Ms <= outcome.latency.p99Ms);
    assert.deepEqual([outcome.notHigh, outcome.repeats, outcome.malformed], [0, 0, 0]);
    assert.ok(outcome.peakRssMb > 10 && outcome.peakRssMb < 2000, String(outcome.peakRssMb));
  });

  it('refuses to measure a contender that forwards Low alerts', async () => {
    await assert.rejects(measureContender(forwardsEverything, sink, options), /forwards everything forwarded a Low alert to the sink/);
  });

  it('skips a contender that cannot run here, with its reason', async () => {
    const unavailable: Contender = {
      ...forwardsEverything,
      start: () => Promise.reject(new ContenderUnavailableError('no such command')),
    };
    assert.deepEqual(await measureContender(unavailable, sink, options), {
      kind: 'skipped',
      id: ContenderId.Bare,
      label: 'forwards everything',
      reason: 'no such command',
    });
  });
});
