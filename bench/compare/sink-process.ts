/**
 * The sink, in a process of its own: a node:http server that records each alert it receives (id, severity, the
 * send time carried in the body, and its own arrival time on the shared monotonic clock) and answers 200.
 * Its own process, so that its timestamps and answers are not delayed behind the load generator's event loop.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBenchAlert } from './bench-alert.js';
import { nowUs } from './clock.js';
import type { DrainRequest, SinkArrivals, SinkMessage } from './sink-protocol.js';

const send = (message: SinkMessage) => process.send?.(message);

let columns: Omit<SinkArrivals, 'kind' | 'malformed'> = { ids: [], severities: [], sentAtUs: [], arrivedAtUs: [] };
let malformed = 0;

const server = createServer((req, res) => {
  // The arrival is stamped when the request's headers are in: reading the body is not part of the latency.
  const arrivedAtUs = nowUs();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let alert: ReturnType<typeof readBenchAlert>;
    try {
      alert = readBenchAlert(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      alert = undefined;
    }
    if (alert === undefined) {
      malformed++;
    } else {
      columns.ids.push(alert.id);
      columns.severities.push(alert.severity);
      columns.sentAtUs.push(alert.sentAtUs);
      columns.arrivedAtUs.push(arrivedAtUs);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message: DrainRequest) => {
  if (message.kind !== 'drain') return;
  send({ kind: 'arrivals', ...columns, malformed });
  columns = { ids: [], severities: [], sentAtUs: [], arrivedAtUs: [] };
  malformed = 0;
});
// The bench going away (even killed) closes the IPC channel: the sink never outlives it.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => send({ kind: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
