/**
 * LISTEN/NOTIFY on one dedicated connection (pooled connections cannot listen: they are handed to other queries).
 * When the connection drops it is re-established with back-off and every channel listened to again; receivers
 * are told (`onReconnect`), since notifications sent meanwhile are lost and they should look for themselves.
 */
import pg from 'pg';
import { Channel, type Notifications, PendingSignals } from './notifications.js';
import { namePreparedStatements, prepareOnPostgres } from './prepared-statements.js';

const MAX_BACKOFF_MS = 5_000;

/** Sends start at least this far apart: each is a transaction that wakes every listening connection. */
const MIN_SEND_INTERVAL_MS = 10;

/** Run statuses only feed the web UI's live view: they wait this long at most for a send to go along with. */
const RUN_STATUS_DELAY_MS = 100;

/** The signals published meanwhile, in one statement: channels and payloads side by side. */
const SEND_NOTIFICATIONS = prepareOnPostgres('select pg_notify(c, p) from unnest($1::text[], $2::text[]) as s(c, p)');

interface Signal {
  readonly channel: Channel;
  readonly payload: string;
}

export class PostgresNotifications implements Notifications {
  private readonly handlers = new Map<Channel, ((payload: string) => void)[]>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client | undefined> | undefined;
  private closed = false;
  private backoffMs = 100;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly signals = new PendingSignals((signals) => this.enqueue(signals));
  /** Signals waiting for the next send: they go together. */
  private outbox = new Map<string, Signal>();
  private sending: Promise<void> | undefined;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  /** Set while only run statuses wait. */
  private statusTimer: NodeJS.Timeout | undefined;
  /** One query at a time on the connection (pg queues them, but overlapping calls are deprecated). */
  private queries: Promise<unknown> = Promise.resolve();

  /** `prepared`: its send runs as a named prepared statement (see prepared-statements.ts). */
  constructor(
    private readonly url: string,
    private readonly prepared = true,
  ) {}

  publish(channel: Channel, payload = ''): void {
    if (!this.closed) this.signals.add(channel, payload);
  }

  subscribe(channel: Channel, handler: (payload: string) => void): void {
    const first = !this.handlers.has(channel);
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    if (first) void this.connected().then((client) => client && this.query(client, `listen ${channel}`));
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.statusTimer);
    const client = this.client ?? (await this.connecting);
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * Sends at once when nothing is on its way and the last send started long enough ago, or else with the next send;
   * run statuses alone wait a little for company. Under load every turn of the event loop publishes something, and
   * a send per turn was a large share of a busy process's CPU, and of the database's: each one wakes every
   * connection listening.
   */
  private enqueue(signals: readonly Signal[]): void {
    for (const signal of signals) this.outbox.set(`${signal.channel}\u0000${signal.payload}`, signal);
    if (this.sending !== undefined) return;
    if (this.urgentWaiting()) this.startSending();
    else this.statusTimer ??= setTimeout(() => this.startSending(), RUN_STATUS_DELAY_MS).unref();
  }

  private urgentWaiting(): boolean {
    for (const signal of this.outbox.values()) if (signal.channel !== Channel.RunStatus) return true;
    return false;
  }

  private startSending(): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    this.sending ??= this.sendAll().finally(() => {
      this.sending = undefined;
      // Run statuses published during the last send wait for company again.
      if (this.outbox.size > 0) this.enqueue([]);
    });
  }

  private async sendAll(): Promise<void> {
    do {
      const wait = this.lastSendAt + MIN_SEND_INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastSendAt = performance.now();
      const signals = [...this.outbox.values()];
      this.outbox = new Map();
      await this.send(signals);
    } while (this.urgentWaiting());
  }

  private async send(signals: readonly Signal[]): Promise<void> {
    const client = await this.connected();
    if (client === undefined || signals.length === 0) return;
    await this.query(client, SEND_NOTIFICATIONS, [
      signals.map((signal) => signal.channel),
      signals.map((signal) => signal.payload),
    ]);
  }

  /** Runs after the queries before it; a failure drops the connection (a new one is made). */
  private query(client: pg.Client, text: string, values?: unknown[]): Promise<void> {
    const done = this.queries.then(() => client.query(text, values)).then(
      () => undefined,
      () => this.drop(client),
    );
    this.queries = done;
    return done;
  }

  private connected(): Promise<pg.Client | undefined> {
    if (this.client !== undefined) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client | undefined> {
    if (this.closed) return undefined;
    const client = new pg.Client({ connectionString: this.url, application_name: 'riposte-notifications' });
    if (this.prepared) namePreparedStatements(client);
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel as Channel) ?? []) handler(message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`listen ${channel}`);
    } catch {
      this.drop(client);
      return undefined;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return undefined;
    }
    this.client = client;
    this.backoffMs = 100;
    return client;
  }

  /** Forgets a broken connection and schedules a new one (which tells the reconnect handlers). */
  private drop(client: pg.Client): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connected().then((reconnected) => {
        if (reconnected === undefined) return this.drop(client);
        for (const handler of this.reconnectHandlers) handler();
      });
    }, this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}
