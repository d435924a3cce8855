/** Contender (b): `riposte serve` on its embedded SQLite database, one process accepting events and running workflows. */
import { type Contender, ContenderId } from './contender.js';
import { LISTENING, defineForwarding, ingestTarget, startRiposte } from './riposte-process.js';
import type { SeverityTest } from './riposte-resources.js';

export function riposteSqliteContender(severityTest: SeverityTest): Contender {
  return {
    id: severityTest === 'automation-rule' ? ContenderId.RiposteSqlite : ContenderId.RiposteSqliteWorkflowIf,
    label: `Riposte, embedded SQLite (1 process)${severityTest === 'workflow-if' ? ', severity tested by the workflow' : ''}`,
    async start(sinkUrl) {
      const serve = await startRiposte('riposte serve', ['serve', '--port', '0'], LISTENING);
      try {
        const url = serve.process.match[1] as string;
        await defineForwarding(url, sinkUrl, severityTest);
        return { target: ingestTarget(url), pids: [serve.process.child.pid as number], stop: () => serve.stop() };
      } catch (error) {
        await serve.stop();
        throw error;
      }
    },
  };
}
