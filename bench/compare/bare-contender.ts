/** Contender (a): the bare node:http server, in its own process. */
import { spawnReady, stopProcess } from './child-process.js';
import { type Contender, ContenderId } from './contender.js';
import { siblingScript } from './sibling-script.js';

export const bareContender: Contender = {
  id: ContenderId.Bare,
  label: 'bare Node.js (node:http + undici)',
  async start(sinkUrl) {
    const script = siblingScript(import.meta.url, './bare-server');
    const { child, match } = await spawnReady({
      label: 'bare server',
      command: process.execPath,
      args: [...script.execArgv, script.path, sinkUrl],
      ready: /listening on (http:\/\/\S+)/,
    });
    return {
      target: {
        origin: match[1] as string,
        path: '/alerts',
        headers: { 'content-type': 'application/json' },
        encode: (alert) => JSON.stringify(alert),
        acceptedStatus: 200,
      },
      pids: [child.pid as number],
      stop: () => stopProcess(child),
    };
  },
};
