/** Starts the real server for integration tests: a free port, a temporary data directory, a known admin token. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { loadConfig } from '../../src/config/config.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { databaseEnvFor, dropDatabaseFor } from './test-database.js';

export const TEST_TOKEN = 'test-admin-token-0123456789';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: T;
}

export interface ApiClient {
  readonly url: string;
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

/** `token: null` sends no Authorization header. */
export function apiClient(url: string, token: string | null = TEST_TOKEN): ApiClient {
  return {
    url,
    async call(method, path, body, headers = {}) {
      const response = await request(`${url}${path}`, {
        method: method as 'GET',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.body.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.statusCode, headers: response.headers, body: parsed as any };
    },
  };
}

export interface TestServer extends ApiClient {
  readonly server: RunningServer;
  readonly dataDir: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** Stops the server gracefully, keeping its data, and starts a new one on it. */
  restart(): Promise<TestServer>;
}

export interface TestServerOptions {
  /** Start on the data (and, on the PostgreSQL run, the database) a previous test server left. */
  readonly dataDir?: string;
  /** The web UI build to serve. */
  readonly webRoot?: string;
}

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'riposte-test-')));
  const database = await databaseEnvFor(dataDir);
  const config = loadConfig({ port: 0, data: dataDir }, { RIPOSTE_ADMIN_TOKEN: TEST_TOKEN, RIPOSTE_LOG_LEVEL: 'silent', RIPOSTE_LEASE_MS: '2000', ...database, ...env });
  const server = await startServer(config, options.webRoot === undefined ? {} : { webRoot: options.webRoot });
  const client = apiClient(server.url);
  return {
    ...client,
    server,
    dataDir,
    async stop() {
      await server.stop();
      await removeTestData(dataDir);
    },
    async restart() {
      await server.stop();
      return startTestServer(env, { ...options, dataDir });
    },
  };
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const bin = fileURLToPath(new URL('../../bin/riposte.js', import.meta.url));

/** The server as a separate process (for crash tests): resolves once it prints its URL. */
export async function spawnServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const database = await databaseEnvFor(dataDir);
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data', dataDir], {
    env: { ...process.env, RIPOSTE_ADMIN_TOKEN: TEST_TOKEN, RIPOSTE_LOG_LEVEL: 'warn', ...database, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

/** Removes what a test server left: its data directory and, on the PostgreSQL run, its database. */
export async function removeTestData(dataDir: string): Promise<void> {
  await dropDatabaseFor(dataDir);
  await rm(dataDir, { recursive: true, force: true });
}
