/**
 * The ceiling: a bare node:http server doing the job and nothing else. Parses the alert; if its severity is High,
 * POSTs it to the sink (undici, keep-alive) and answers once the sink has; otherwise answers at once.
 * Usage: node bare-server.js <sink-url>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const sinkUrl = new URL('/alerts', process.argv[2]).href;
const dispatcher = new Agent({ connections: 128, pipelining: 1 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void handle(Buffer.concat(chunks).toString('utf8')).then(
      (forwarded) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ forwarded })),
      (error: unknown) => res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
});

async function handle(text: string): Promise<boolean> {
  const alert = JSON.parse(text) as { Severity?: unknown };
  if (alert.Severity !== 'High') return false;
  const response = await request(sinkUrl, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert) });
  await response.body.dump();
  if (response.statusCode >= 300) throw new Error(`sink answered ${response.statusCode}`);
  return true;
}

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => process.exit(0));
