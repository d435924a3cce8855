/**
 * The contract every built-in connector implements. A connector is the self-hosted stand-in for a Logic Apps
 * managed API: it declares its connection parameters and operations (the catalogue shows both), and performs an
 * operation against the real service through the ports it is given. Connectors never read connection storage,
 * never log, and never put a secret parameter into a response, a message or an error.
 */
import type { TSchema } from '@sinclair/typebox';
import type { Value } from '../expressions/index.js';
import type { HttpClient } from '../workflows/ports.js';

export interface ConnectorParameter {
  readonly name: string;
  readonly type: 'string' | 'securestring' | 'int' | 'bool';
  readonly displayName: string;
  readonly description: string;
  readonly required: boolean;
  /** Secret parameters are encrypted at rest, never returned by the API and redacted from run records. */
  readonly secret: boolean;
  readonly default?: string | number | boolean;
  readonly allowedValues?: readonly (string | number | boolean)[];
  /** What the connector would refuse about a value when it uses it; run when a connection is saved. */
  readonly check?: ParameterCheck;
}

/** The problem with a parameter's value, in a sentence that names it and never repeats a secret; undefined when none. */
export type ParameterCheck = (value: string | number | boolean, name: string) => string | undefined;

export interface ConnectorOperation {
  /** Stable operation id, as in the Logic Apps managed API (`SendEmailV2`, `PostMessage`, …). */
  readonly id: string;
  readonly summary: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template as workflows write it; `{name}` matches one URL-encoded segment. */
  readonly path: string;
  /** JSON Schema of the action's `body` (what a workflow sends); validated before the call is made. */
  readonly inputs: TSchema;
}

/** Connection parameter values after defaults are applied and secrets decrypted. */
export type ConnectionParameters = Readonly<Record<string, string | number | boolean>>;

export interface ConnectorCall {
  readonly operation: ConnectorOperation;
  /** Decoded values of the `{name}` segments in the operation's path. */
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly queries: Readonly<Record<string, string>>;
  readonly body: Value;
  readonly connection: { readonly name: string; readonly parameters: ConnectionParameters };
  /** Stable across retries and resumes of one action repetition: `<run id>/<action key>`. */
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
}

export interface ConnectorResult {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Value;
  /** For a failure: what went wrong and what to do about it, in words (no secrets). */
  readonly message?: string;
  /** From a `Retry-After` answer, so the action's retry policy waits at least this long. */
  readonly retryAfterMs?: number;
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it, and required with a login. */
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
}

export interface MailAttachment {
  readonly filename: string;
  /** Base64 content, as Logic Apps sends `ContentBytes`. */
  readonly contentBase64: string;
  readonly contentType?: string;
}

export interface MailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly html: string;
  readonly importance: 'Low' | 'Normal' | 'High';
  readonly attachments: readonly MailAttachment[];
  /** A stable Message-ID derived from the idempotency key, so receivers can drop a resent copy. */
  readonly messageId: string;
}

export interface MailSendResult {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

/** Throws `MailError` with an SMTP reply code when the server refuses, `HttpConnectionError` when unreachable. */
export interface MailSender {
  send(settings: SmtpSettings, message: MailMessage, signal: AbortSignal): Promise<MailSendResult>;
  /** Connects, negotiates TLS and authenticates, without sending anything. */
  verify(settings: SmtpSettings, signal: AbortSignal): Promise<void>;
}

export class MailError extends Error {
  override readonly name = 'MailError';
  constructor(
    message: string,
    /** SMTP reply code when the server answered (4xx transient, 5xx permanent). */
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

export interface ConnectorPorts {
  readonly http: HttpClient;
  readonly mail: MailSender;
  /** Milliseconds since the epoch (signatures carry a timestamp). */
  readonly now: () => number;
}

export interface ConnectionTestResult {
  /** Connected: the service accepted the credentials. Unverified: the service offers no way to check without side effects. */
  readonly status: 'Connected' | 'Error' | 'Unverified';
  readonly message: string;
}

export interface Connector {
  /** The managed API name workflows use in `$connections` and `api.name` (`office365`, `slack`, …). */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly parameters: readonly ConnectorParameter[];
  readonly operations: readonly ConnectorOperation[];
  invoke(call: ConnectorCall, ports: ConnectorPorts): Promise<ConnectorResult>;
  /** Checks the connection's credentials against the service (an SMTP handshake, an authenticated read). */
  test(parameters: ConnectionParameters, ports: ConnectorPorts, signal: AbortSignal): Promise<ConnectionTestResult>;
}
