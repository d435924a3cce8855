/**
 * Configuration: command-line options over `RIPOSTE_*` environment variables over defaults, validated once and
 * frozen. This is the only module that reads the environment.
 */
import { resolve } from 'node:path';
import { decodeSecretKey } from '../secrets/secret-key.js';

export interface RiposteConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * A `postgres://` URL: the shared database of a scale-out deployment (any number of `serve` and `worker`
   * processes). When absent, the embedded SQLite database under `dataDir` is used by this one process.
   */
  readonly databaseUrl?: string;
  /** `serve` accepts events and answers the API but executes no runs (workers do). Only with `databaseUrl`. */
  readonly apiOnly: boolean;
  /**
   * PostgreSQL: run the hot statements as named prepared statements (the default). Off for a connection pooler
   * that cannot keep them per client, such as PgBouncer in transaction mode before 1.21.
   */
  readonly postgresPreparedStatements: boolean;
  /** `worker`: the port its /healthz, /readyz and /metrics are served on (on `host`); none when absent. */
  readonly metricsPort?: number;
  /** The URL users reach the server at; AlertUri links and callback URLs are built from it. */
  readonly publicUrl: string;
  /** Becomes the root Owner's token on first start when set; otherwise a random one is generated and printed. */
  readonly adminToken?: string;
  readonly maxConcurrentRuns: number;
  readonly maxConcurrentRunsPerWorkflow: number;
  /** How long a worker's claim on a run lasts without renewal before another worker may take it over. */
  readonly leaseMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** Seals connection secrets at rest; when absent, a key file in the data directory is used (created on first start). */
  readonly secretKey?: Uint8Array;
  /** Outbound destinations allowed / denied (comma-separated hosts, `*.domain`, addresses, CIDR ranges). */
  readonly outboundAllow?: string;
  readonly outboundDeny?: string;
  /** Activity log entries older than this many days are purged. */
  readonly activityRetentionDays: number;
  /** Finished runs (with their actions and trigger outputs) older than this many days are purged. */
  readonly runRetentionDays: number;
  /** Security events not seen for this many days, and no longer needed by an unfinished run, are purged. */
  readonly eventRetentionDays: number;
  /** Sleeps (Wait, retry delays) longer than this park the run in the database instead of holding a worker. */
  readonly parkAfterMs: number;
}

export interface ConfigOptions {
  readonly host?: string;
  readonly port?: string | number;
  readonly data?: string;
  readonly publicUrl?: string;
  readonly logLevel?: string;
  readonly database?: string;
  readonly apiOnly?: boolean;
  readonly metricsPort?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`Invalid configuration ${field}: ${message}`);
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(field: string, text: string | number, min: number, max: number): number {
  const value = typeof text === 'number' ? text : /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `'${text}' must be an integer from ${min} to ${max}.`);
  }
  return value;
}

export function loadConfig(options: ConfigOptions = {}, env: NodeJS.ProcessEnv = process.env): RiposteConfig {
  const host = options.host ?? env['RIPOSTE_HOST'] ?? '127.0.0.1';
  const port = integer(options.port !== undefined ? '--port' : 'RIPOSTE_PORT', options.port ?? env['RIPOSTE_PORT'] ?? 7070, 0, 65535);
  const dataDir = resolve(options.data ?? env['RIPOSTE_DATA'] ?? './.riposte');
  const publicUrlText = options.publicUrl ?? env['RIPOSTE_PUBLIC_URL'];
  let publicUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (publicUrlText !== undefined) {
    try {
      publicUrl = new URL(publicUrlText).href.replace(/\/$/, '');
    } catch {
      throw new ConfigError('RIPOSTE_PUBLIC_URL', `'${publicUrlText}' is not an absolute URL.`);
    }
  }
  const databaseUrl = databaseUrlOf(options.database, env);
  const apiOnly = options.apiOnly ?? booleanOf('RIPOSTE_API_ONLY', env['RIPOSTE_API_ONLY']);
  const postgresPreparedStatements = booleanOf('RIPOSTE_POSTGRES_PREPARED_STATEMENTS', env['RIPOSTE_POSTGRES_PREPARED_STATEMENTS'], true);
  if (apiOnly && databaseUrl === undefined) {
    throw new ConfigError(options.apiOnly ? '--api-only' : 'RIPOSTE_API_ONLY', 'needs a shared PostgreSQL database (--database or RIPOSTE_DATABASE_URL): on embedded SQLite no other process can execute the runs.');
  }
  const metricsPortText = options.metricsPort ?? env['RIPOSTE_METRICS_PORT'];
  const metricsPort = metricsPortText === undefined || metricsPortText === '' ? undefined : integer(options.metricsPort !== undefined ? '--metrics-port' : 'RIPOSTE_METRICS_PORT', metricsPortText, 0, 65535);
  const maxConcurrentRuns = integer('RIPOSTE_MAX_CONCURRENT_RUNS', env['RIPOSTE_MAX_CONCURRENT_RUNS'] ?? 64, 1, 10_000);
  const adminToken = env['RIPOSTE_ADMIN_TOKEN'];
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('RIPOSTE_ADMIN_TOKEN', 'must be at least 16 characters long.');
  }
  const secretKeyText = env['RIPOSTE_SECRET_KEY'];
  const secretKey = secretKeyText === undefined || secretKeyText === '' ? undefined : decodeSecretKey(secretKeyText);
  if (secretKeyText && secretKey === undefined) {
    throw new ConfigError('RIPOSTE_SECRET_KEY', "must be a 32-byte key, as 64 hex digits or base64 (e.g. the output of 'openssl rand -base64 32').");
  }
  const outboundAllow = env['RIPOSTE_OUTBOUND_ALLOW'];
  const outboundDeny = env['RIPOSTE_OUTBOUND_DENY'];
  const logLevel = (options.logLevel ?? env['RIPOSTE_LOG_LEVEL'] ?? 'info').toLowerCase();
  if (!logLevels.includes(logLevel as (typeof logLevels)[number])) {
    throw new ConfigError('RIPOSTE_LOG_LEVEL', `'${logLevel}' must be one of ${logLevels.join(', ')}.`);
  }
  return Object.freeze({
    host,
    port,
    dataDir,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    apiOnly,
    postgresPreparedStatements,
    ...(metricsPort === undefined ? {} : { metricsPort }),
    publicUrl,
    ...(adminToken === undefined ? {} : { adminToken }),
    maxConcurrentRuns,
    // Like Logic Apps without concurrency control, a workflow may use every slot unless a limit is set.
    maxConcurrentRunsPerWorkflow: integer('RIPOSTE_MAX_CONCURRENT_RUNS_PER_WORKFLOW', env['RIPOSTE_MAX_CONCURRENT_RUNS_PER_WORKFLOW'] ?? maxConcurrentRuns, 1, 10_000),
    leaseMs: integer('RIPOSTE_LEASE_MS', env['RIPOSTE_LEASE_MS'] ?? 30_000, 1_000, 3_600_000),
    logLevel: logLevel as RiposteConfig['logLevel'],
    bodyLimit: integer('RIPOSTE_BODY_LIMIT', env['RIPOSTE_BODY_LIMIT'] ?? 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    activityRetentionDays: integer('RIPOSTE_ACTIVITY_RETENTION_DAYS', env['RIPOSTE_ACTIVITY_RETENTION_DAYS'] ?? 90, 1, 3650),
    runRetentionDays: integer('RIPOSTE_RUN_RETENTION_DAYS', env['RIPOSTE_RUN_RETENTION_DAYS'] ?? 90, 1, 3650),
    eventRetentionDays: integer('RIPOSTE_EVENT_RETENTION_DAYS', env['RIPOSTE_EVENT_RETENTION_DAYS'] ?? 90, 1, 3650),
    parkAfterMs: integer('RIPOSTE_PARK_AFTER_MS', env['RIPOSTE_PARK_AFTER_MS'] ?? 5_000, 0, 86_400_000),
    ...(secretKey === undefined ? {} : { secretKey }),
    ...(outboundAllow ? { outboundAllow } : {}),
    ...(outboundDeny ? { outboundDeny } : {}),
  });
}

function booleanOf(field: string, text: string | undefined, unset = false): boolean {
  if (text === undefined || text === '') return unset;
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^(0|false|no)$/i.test(text)) return false;
  throw new ConfigError(field, `'${text}' must be true or false.`);
}

/** The shared database's URL, checked to be PostgreSQL's; never echoed back whole, since it may hold a password. */
function databaseUrlOf(option: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const field = option !== undefined ? '--database' : 'RIPOSTE_DATABASE_URL';
  const text = option ?? env['RIPOSTE_DATABASE_URL'];
  if (text === undefined || text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(field, 'is not a URL; expected postgres://user[:password]@host[:port]/database.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(field, `'${url.protocol}' databases are not supported; expected a postgres:// URL (leave it unset for the embedded SQLite database).`);
  }
  if (url.pathname.length <= 1) throw new ConfigError(field, 'names no database; expected postgres://user[:password]@host[:port]/database.');
  return text;
}

/** A database URL fit for messages and logs: the password replaced. */
export function redactedDatabaseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    return url.href;
  } catch {
    return '(unparseable URL)';
  }
}
