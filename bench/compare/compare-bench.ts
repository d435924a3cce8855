/**
 * `npm run bench -- --compare [part...]`: the same job ("POST a security alert; if its severity is High, POST it
 * to a local HTTP sink") done by a bare Node.js server, Riposte on SQLite, Riposte on PostgreSQL with two workers
 * and Node-RED, one after the other against one sink process; then Riposte's matching with few vs many automations.
 */
import { totalmem } from 'node:os';
import { automationScale } from './automation-scale.js';
import { bareContender } from './bare-contender.js';
import { type CompareOptions, compareOptions } from './compare-options.js';
import type { CompareResults } from './compare-report.js';
import type { Contender } from './contender.js';
import { type ContenderOutcome, measureContender } from './measure-contender.js';
import { nodeRedContender } from './node-red-contender.js';
import { postgresVersion } from './postgres-database.js';
import { ripostePostgresContender } from './riposte-postgres-contender.js';
import { riposteSqliteContender } from './riposte-sqlite-contender.js';
import { startSink } from './sink.js';

export interface CompareSetup {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly concurrency: number;
  readonly rate: number;
  readonly memoryGiB: number;
  readonly postgres: string | null;
  readonly nodeRed: string;
}

export async function compareBenchmarks(args: readonly string[]): Promise<{ results: CompareResults; setup: CompareSetup }> {
  const options: CompareOptions = compareOptions(args);
  const contenders: Contender[] = [
    bareContender,
    riposteSqliteContender('automation-rule'),
    riposteSqliteContender('workflow-if'),
    ripostePostgresContender(options.postgresUrl, 'automation-rule'),
    ripostePostgresContender(options.postgresUrl, 'workflow-if'),
    nodeRedContender(options.nodeRedVersion),
  ];
  const setup: CompareSetup = {
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
    concurrency: options.concurrency,
    rate: options.rate,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    postgres: (await postgresVersion(options.postgresUrl)) ?? null,
    nodeRed: options.nodeRedVersion,
  };
  const sink = await startSink();
  try {
    const outcomes: ContenderOutcome[] = [];
    for (const contender of contenders) {
      if (options.parts.includes(contender.id)) outcomes.push(await measureContender(contender, sink, options));
    }
    const scale = options.parts.includes('automations') ? await automationScale(sink, options) : undefined;
    return { results: scale === undefined ? { contenders: outcomes } : { contenders: outcomes, scale }, setup };
  } finally {
    await sink.stop();
  }
}
