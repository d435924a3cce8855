/** Contender (d): Node-RED with the equivalent flow, in its own process, on a free port. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked, stopProcess, waitForHttp } from './child-process.js';
import { type Contender, ContenderId } from './contender.js';
import { nodeRedFlow, nodeRedSettings, settingsModule } from './node-red-config.js';
import { ensureNodeRed } from './node-red-install.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export function nodeRedContender(version: string): Contender {
  return {
    id: ContenderId.NodeRed,
    label: `Node-RED ${version}`,
    async start(sinkUrl) {
      const red = await ensureNodeRed(version);
      const userDir = await mkdtemp(join(tmpdir(), 'riposte-compare-node-red-'));
      try {
        const port = await freePort();
        const settingsFile = join(userDir, 'settings.js');
        await writeFile(settingsFile, settingsModule(nodeRedSettings(port, userDir)));
        await writeFile(join(userDir, 'flows.json'), JSON.stringify(nodeRedFlow(sinkUrl), null, 2));
        // Node-RED says little at log level warn, so readiness is its /ready endpoint answering, not a line.
        const tracked = spawnTracked({ label: 'node-red', command: process.execPath, args: [red, '--settings', settingsFile, '--userDir', userDir] });
        const { child } = tracked;
        const origin = `http://127.0.0.1:${port}`;
        try {
          await waitForHttp(`${origin}/ready`, child, 'node-red');
        } catch (error) {
          await stopProcess(child);
          throw new Error(`${error instanceof Error ? error.message : String(error)}:\n${tracked.printed()}`);
        }
        tracked.passStderrThrough();
        return {
          target: { origin, path: '/alerts', headers: { 'content-type': 'application/json' }, encode: (alert) => JSON.stringify(alert), acceptedStatus: 200 },
          pids: [child.pid as number],
          async stop() {
            await stopProcess(child);
            await rm(userDir, { recursive: true, force: true });
          },
        };
      } catch (error) {
        await rm(userDir, { recursive: true, force: true });
        throw error;
      }
    },
  };
}
