/** The bench's handle on the sink process: its URL, and the arrivals it recorded since the last drain. */
import { type ChildProcess, fork } from 'node:child_process';
import type { SinkArrival } from './delivery-stats.js';
import type { SinkArrivals, SinkMessage } from './sink-protocol.js';
import { siblingScript } from './sibling-script.js';
import { stopProcess } from './child-process.js';

export interface Sink {
  readonly url: string;
  /** Everything that arrived since the last drain (forgotten by the sink), and how many bodies were not bench alerts. */
  drain(): Promise<{ arrivals: SinkArrival[]; malformed: number }>;
  stop(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const script = siblingScript(import.meta.url, './sink-process');
  const child = fork(script.path, [], { execArgv: [...script.execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: SinkMessage) => (message.kind === 'ready' ? resolve(message.url) : reject(new Error('sink: unexpected first message'))));
    child.once('exit', (code) => reject(new Error(`the sink process exited with ${code} before listening`)));
  });
  return {
    url,
    drain: () => drain(child),
    stop: () => stopProcess(child),
  };
}

function drain(child: ChildProcess): Promise<{ arrivals: SinkArrival[]; malformed: number }> {
  return new Promise((resolve, reject) => {
    const onExit = () => reject(new Error('the sink process exited'));
    child.once('exit', onExit);
    child.once('message', (message: SinkArrivals) => {
      child.off('exit', onExit);
      const arrivals = message.ids.map((id, i) => ({
        id,
        severity: message.severities[i] as string,
        sentAtUs: message.sentAtUs[i] as number,
        arrivedAtUs: message.arrivedAtUs[i] as number,
      }));
      resolve({ arrivals, malformed: message.malformed });
    });
    child.send({ kind: 'drain' });
  });
}
