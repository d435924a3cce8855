/**
 * A real HTTP server on 127.0.0.1 for Http action tests: it records every request and answers from a script
 * (a list of replies used in order, the last one repeating, or a function of the request), optionally after a
 * real delay. It also tracks how many requests were in flight at once, to observe parallelism.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  readonly method: string;
  /** Path and query, e.g. `/alerts?top=5`. */
  readonly url: string;
  /** Lower-cased names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Zero-based arrival order. */
  readonly index: number;
}

export interface SinkReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects and arrays are sent as JSON (with a JSON content type unless `headers` set one). */
  readonly body?: unknown;
  /** Real milliseconds to wait before answering. */
  readonly delayMs?: number;
  /** Answers only once this settles (then after `delayMs`, if both): a call held until the test lets it go. */
  readonly until?: Promise<unknown>;
}

export type SinkScript = readonly SinkReply[] | ((request: SinkRequest) => SinkReply);

export interface HttpSink {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly SinkRequest[];
  /** Highest number of requests being handled at the same time. */
  readonly maxInFlight: number;
  /** Highest number of requests to `path` (without query) being handled at the same time. */
  maxInFlightTo(path: string): number;
  /** Requests whose path (without query) is `path`. */
  requestsTo(path: string): readonly SinkRequest[];
  close(): Promise<void>;
}

export async function startHttpSink(script: SinkScript = [{ status: 200 }]): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const inFlightByPath = new Map<string, { now: number; max: number }>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((incoming, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const path = (incoming.url ?? '').split('?')[0] as string;
    const forPath = inFlightByPath.get(path) ?? { now: 0, max: 0 };
    inFlightByPath.set(path, forPath);
    forPath.now++;
    forPath.max = Math.max(forPath.max, forPath.now);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      inFlight--;
      forPath.now--;
    };
    response.on('close', done);
    readBody(incoming).then((body) => {
      const request: SinkRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: flattenHeaders(incoming.headers),
        body,
        index: requests.length,
      };
      requests.push(request);
      const reply = typeof script === 'function' ? script(request) : (script[Math.min(request.index, script.length - 1)] ?? {});
      const answer = () => {
        if (response.destroyed) return;
        const { contentType, payload } = encode(reply.body);
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
        // No automatic Date header: answers to the same script are then identical from run to run.
        response.sendDate = false;
        response.writeHead(reply.status ?? 200, headers);
        response.end(payload);
      };
      const answerLater = () => {
        if (reply.delayMs === undefined) {
          answer();
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, reply.delayMs);
        timers.add(timer);
      };
      if (reply.until === undefined) answerLater();
      else void reply.until.then(answerLater, answerLater);
    }, () => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    maxInFlightTo: (path) => inFlightByPath.get(path)?.max ?? 0,
    requestsTo: (path) => requests.filter((request) => request.url.split('?')[0] === path),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: a port that was free a moment ago. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function encode(body: unknown): { contentType?: string; payload?: string } {
  if (body === undefined) return {};
  if (typeof body === 'string') return { contentType: 'text/plain; charset=utf-8', payload: body };
  return { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
}
