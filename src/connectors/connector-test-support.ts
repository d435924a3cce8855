/**
 * Test helpers for connectors: a `ConnectorCall` built the way a workflow writes the action (method and path, the
 * operation found by matching its path template), and real ports — undici over the network, a fixed clock, and a
 * mail sender that fails if anything tries to send mail.
 */
import assert from 'node:assert/strict';
import type { Value } from '../expressions/index.js';
import { createUndiciHttpClient } from '../adapters/undici-http-client.js';
import type { ConnectionParameters, Connector, ConnectorCall, ConnectorPorts, MailSender } from './connector.js';

/** 2024-05-01T12:00:00Z */
export const FIXED_NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

const noMail: MailSender = {
  send: () => Promise.reject(new Error('This connector must not send mail.')),
  verify: () => Promise.reject(new Error('This connector must not verify mail settings.')),
};

export function testPorts(now = FIXED_NOW): ConnectorPorts {
  return { http: createUndiciHttpClient(), mail: noMail, now: () => now };
}

export interface CallOptions {
  readonly body?: Value;
  readonly queries?: Readonly<Record<string, string>>;
  readonly parameters: ConnectionParameters;
  readonly idempotencyKey?: string;
}

/** The call a workflow's `ApiConnection` action makes with `method` and `path` (segments URL-encoded). */
export function connectorCall(connector: Connector, method: string, path: string, options: CallOptions): ConnectorCall {
  for (const operation of connector.operations) {
    if (operation.method !== method.toUpperCase()) continue;
    const names: string[] = [];
    const pattern = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (match === null) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, i) => (pathParameters[name] = decodeURIComponent(match[i + 1] ?? '')));
    return {
      operation,
      pathParameters,
      queries: options.queries ?? {},
      body: options.body ?? null,
      connection: { name: connector.name, parameters: options.parameters },
      idempotencyKey: options.idempotencyKey ?? 'run-1/Action',
      signal: AbortSignal.timeout(10_000),
    };
  }
  throw new Error(`${connector.name} has no operation ${method} ${path}`);
}

/** Fails when any secret value appears anywhere in what the connector handed back. */
export function assertNoSecrets(value: unknown, secrets: readonly string[]): void {
  const text = JSON.stringify(value);
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked into ${text}`);
}
