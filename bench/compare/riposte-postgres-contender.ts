/**
 * Contender (c): Riposte on PostgreSQL, scaled out: one `riposte serve --api-only` accepting events (it runs no
 * workflows) and two `riposte worker` processes executing the runs, all on a fresh database.
 */
import { type Contender, ContenderId, ContenderUnavailableError } from './contender.js';
import { createBenchDatabase } from './postgres-database.js';
import { LISTENING, type RiposteProcess, defineForwarding, ingestTarget, probeRiposte, startRiposte } from './riposte-process.js';
import type { SeverityTest } from './riposte-resources.js';

const WORKERS = 2;

/** Throws ContenderUnavailableError naming what this build of Riposte lacks for the scaled-out deployment. */
async function checkCommands(): Promise<void> {
  const worker = await probeRiposte(['worker', '--help']);
  if (worker.code !== 0) {
    const said = (worker.stderr || worker.stdout).trim().split('\n')[0] ?? '';
    throw new ContenderUnavailableError(`this build of riposte has no 'worker' command yet (riposte worker --help: ${said})`);
  }
  const serve = await probeRiposte(['serve', '--help']);
  for (const option of ['--database', '--api-only']) {
    if (!serve.stdout.includes(option)) throw new ContenderUnavailableError(`this build of 'riposte serve' has no ${option} option yet`);
  }
}

export function ripostePostgresContender(adminUrl: string, severityTest: SeverityTest): Contender {
  return {
    id: severityTest === 'automation-rule' ? ContenderId.RipostePostgres : ContenderId.RipostePostgresWorkflowIf,
    label: `Riposte, PostgreSQL (1 API + ${WORKERS} workers)${severityTest === 'workflow-if' ? ', severity tested by the workflow' : ''}`,
    async start(sinkUrl) {
      await checkCommands();
      let database;
      try {
        database = await createBenchDatabase(adminUrl);
      } catch (error) {
        throw new ContenderUnavailableError(`cannot create a database through ${redact(adminUrl)}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const processes: RiposteProcess[] = [];
      const stop = async () => {
        // Workers first, so none is left retrying against a database about to be dropped.
        for (const started of processes.reverse()) await started.stop();
        await database.drop();
      };
      try {
        const serve = await startRiposte('riposte serve --api-only', ['serve', '--port', '0', '--database', database.url, '--api-only'], LISTENING);
        processes.push(serve);
        // Started after serve has migrated the database, and one after the other.
        for (let i = 1; i <= WORKERS; i++) {
          processes.push(await startRiposte(`riposte worker ${i}`, ['worker', '--database', database.url], /worker.*running|running.*worker/i));
        }
        const url = serve.process.match[1] as string;
        await defineForwarding(url, sinkUrl, severityTest);
        return { target: ingestTarget(url), pids: processes.map((started) => started.process.child.pid as number), stop };
      } catch (error) {
        await stop();
        throw error;
      }
    },
  };
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'the configured URL';
  }
}
