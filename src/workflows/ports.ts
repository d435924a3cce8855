/** The narrow interfaces through which the executor touches the world; the executor itself does no I/O. */
import type { Clock, Value } from '../expressions/index.js';

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly signal: AbortSignal;
  /** Presented when the server asks for one (TLS client authentication); never sent to another origin. */
  readonly clientCertificate?: ClientCertificate;
  /**
   * Follow 3xx redirects (default true). A redirect that would carry the body to another origin is never followed;
   * its answer is returned as it came.
   */
  readonly followRedirects?: boolean;
}

export interface ClientCertificate {
  /** PKCS#12 bytes: the certificate, its chain and private key. */
  readonly pfx: Uint8Array;
  readonly passphrase?: string;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Throws `HttpConnectionError` for network failures (they are retried), `AbortError` when the signal fires. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export class HttpConnectionError extends Error {
  override readonly name = 'HttpConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The outbound guard refused the destination (a denied host, or an address in a denied range such as cloud
 * metadata). Not retried: trying again cannot succeed.
 */
export class OutboundBlockedError extends Error {
  override readonly name = 'OutboundBlockedError';
}

/** The request's client certificate cannot be used (not PKCS#12, wrong passphrase). Not retried. */
export class ClientCertificateError extends Error {
  override readonly name = 'ClientCertificateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A call made by an `ApiConnection` action to a configured connector. */
export interface ConnectorRequest {
  readonly connectionName: string;
  readonly connectionId?: string;
  readonly method: string;
  readonly path: string;
  readonly queries?: Value;
  readonly headers?: Value;
  readonly body?: Value;
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
}

export interface ConnectorResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Value;
  /** For a failure: what went wrong and what to do about it, shown as the action's error message. */
  readonly message?: string;
  /** A `Retry-After` the service asked for; the retry policy waits at least this long. */
  readonly retryAfterMs?: number;
}

export interface ConnectorClient {
  invoke(request: ConnectorRequest): Promise<ConnectorResponse>;
}

export class ConnectorNotConfiguredError extends Error {
  override readonly name = 'ConnectorNotConfiguredError';
}

/** Until connectors are configured, every ApiConnection call fails with a clear error. */
export const unconfiguredConnectors: ConnectorClient = {
  invoke(request) {
    return Promise.reject(
      new ConnectorNotConfiguredError(
        `No connector is configured for connection '${request.connectionName}'. ` +
          'Configure a connection for it before running ApiConnection actions.',
      ),
    );
  },
};

/**
 * Time passing, for Wait, the delays between retries and `limit.timeout`. A Wait or a retry delay is a durable timer:
 * before sleeping, the executor journals (through `onJournal`, awaited) a `Running` entry of the action whose `wakeAt`
 * is the instant the sleep ends, so a run resumed from its journal after a restart sleeps only what is left of it.
 *
 * A host may therefore "park" a run rather than hold a long sleep in memory: abort the run's signal
 * (`RunOptions.signal`) with a reason of its own, so the sleep rejects with the signal's abort reason; keep the
 * `Cancelled` entries this produces out of the journal; and once the time has come (`SleepOptions.wakeAt`, or
 * `pendingWakeAt(journal)`), run the workflow again with its journal. Park only on a `parkable` sleep: otherwise some
 * action is still in flight (a request, a non-durable wait), and it would be executed again.
 */
export interface Sleeper {
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal, options?: SleepOptions): Promise<void>;
}

export interface SleepOptions {
  /**
   * The wake time is journaled and nothing else of the run is executing (every action in progress sleeps on a
   * journaled timer), so the host may park the run instead of holding it in memory.
   */
  readonly parkable?: boolean;
  /**
   * With `parkable`: when to resume the parked run, the earliest end among all the run's sleeping actions (ISO 8601),
   * which may come before the end of this sleep.
   */
  readonly wakeAt?: string;
}

export interface ExecutorPorts {
  readonly clock: Clock;
  readonly random: () => number;
  readonly sleeper: Sleeper;
  readonly http: HttpClient;
  readonly connectors: ConnectorClient;
}
