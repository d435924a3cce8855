/**
 * Matching at scale, on Riposte SQLite: events/s accepted through the ingest endpoint with few and with many
 * automations that match nothing, on top of the same matching one (the forwarding automation of the comparison).
 * The idle automations are spread over 100 subscriptions, the alerts' own among them, each with an AlertType rule
 * that no bench alert meets; alerts are posted in batches of 100 so the per-request cost does not hide matching.
 */
import { Pool } from 'undici';
import { BENCH_SUBSCRIPTION, benchAlert, severityOf } from './bench-alert.js';
import { nowUs } from './clock.js';
import type { CompareOptions } from './compare-options.js';
import { authorizedJson, forEachConcurrently, putResource } from './riposte-api.js';
import { LISTENING, defineForwarding, startRiposte } from './riposte-process.js';
import { alertAutomation, automationPath, equalsRule, idleWorkflow, workflowPath } from './riposte-resources.js';
import type { Sink } from './sink.js';

const SUBSCRIPTIONS = 100;
const BATCH = 100;
const CONCURRENCY = 4;

export interface IngestFigures {
  readonly automations: number;
  readonly perSecond: number;
  readonly accepted: number;
  readonly seconds: number;
  readonly setupSeconds: number;
}

export interface ScaleFigures {
  readonly kind: 'measured';
  readonly few: IngestFigures;
  readonly many: IngestFigures;
  /** How many times fewer events/s are accepted with many automations than with few. */
  readonly slowdown: number;
}

/** Subscription 0 is the alerts' own. */
const subscriptionAt = (i: number) => (i === 0 ? BENCH_SUBSCRIPTION : `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);

async function defineIdleAutomations(baseUrl: string, count: number): Promise<void> {
  const subscriptions = Array.from({ length: Math.min(count, SUBSCRIPTIONS) }, (_, i) => subscriptionAt(i));
  await forEachConcurrently(subscriptions, 16, (sub) => putResource(baseUrl, workflowPath(sub, 'idle'), idleWorkflow()));
  const indexes = Array.from({ length: count }, (_, i) => i);
  await forEachConcurrently(indexes, 16, async (i) => {
    const sub = subscriptionAt(i % SUBSCRIPTIONS);
    await putResource(baseUrl, automationPath(sub, `idle-${i}`), alertAutomation(sub, workflowPath(sub, 'idle'), [equalsRule('AlertType', `Never_${i}`)]));
  });
}

async function ingestBatches(baseUrl: string, options: CompareOptions, idPrefix: string): Promise<{ accepted: number; seconds: number }> {
  const pool = new Pool(baseUrl, { connections: CONCURRENCY, pipelining: 1 });
  const windowStartUs = nowUs() + options.warmupSeconds * 1e6;
  const windowEndUs = windowStartUs + options.seconds * 1e6;
  let sequence = 0;
  let accepted = 0;
  const worker = async () => {
    while (nowUs() < windowEndUs) {
      const alerts = Array.from({ length: BATCH }, () => {
        const n = sequence++;
        return benchAlert(`${idPrefix}-${n}`, severityOf(n), nowUs());
      });
      const response = await pool.request({ method: 'POST', path: '/api/events', headers: authorizedJson, body: JSON.stringify({ value: alerts }) });
      const answer = (await response.body.json()) as { accepted?: number };
      if (response.statusCode !== 202) throw new Error(`events: ${response.statusCode} ${JSON.stringify(answer)}`);
      const answeredAt = nowUs();
      if (answeredAt >= windowStartUs && answeredAt < windowEndUs) accepted += answer.accepted ?? 0;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await pool.close();
  }
  return { accepted, seconds: (windowEndUs - windowStartUs) / 1e6 };
}

async function measureWith(automations: number, sink: Sink, options: CompareOptions): Promise<IngestFigures> {
  const serve = await startRiposte('riposte serve', ['serve', '--port', '0'], LISTENING);
  try {
    const url = serve.process.match[1] as string;
    const setupStarted = performance.now();
    // The workflow-If set-up, as in every earlier run, so this figure stays comparable with theirs.
    await defineForwarding(url, sink.url, 'workflow-if');
    await defineIdleAutomations(url, automations);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.error(`  ${automations.toLocaleString('en-US')} idle automations defined in ${setupSeconds.toFixed(1)} s; ingesting for ${options.warmupSeconds} + ${options.seconds} s`);
    const { accepted, seconds } = await ingestBatches(url, options, `scale-${automations}`);
    return { automations, perSecond: accepted / seconds, accepted, seconds, setupSeconds };
  } finally {
    await serve.stop();
    await sink.drain();
  }
}

export async function automationScale(sink: Sink, options: CompareOptions): Promise<ScaleFigures> {
  console.error(`Riposte SQLite, matching with ${options.fewAutomations} vs ${options.manyAutomations.toLocaleString('en-US')} automations`);
  const few = await measureWith(options.fewAutomations, sink, options);
  const many = await measureWith(options.manyAutomations, sink, options);
  return { kind: 'measured', few, many, slowdown: few.perSecond / many.perSecond };
}
