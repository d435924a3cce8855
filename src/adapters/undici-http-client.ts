/**
 * The HttpClient port over undici: real outbound HTTP for Http actions and connectors. Every connection goes
 * through the outbound guard, and redirects are followed here so each hop is vetted again. A body only ever goes to
 * the origin the caller named.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, errors, request } from 'undici';
import {
  type ClientCertificate,
  ClientCertificateError,
  HttpConnectionError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  OutboundBlockedError,
} from '../workflows/ports.js';
import { type OutboundGuard, createOutboundGuard, guardedLookup, parseOutboundPolicy } from './outbound-guard.js';

const MAX_RESPONSE_BYTES = 100 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);
/** Credentials that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const MAX_CERTIFICATE_AGENTS = 32;

export interface UndiciHttpClientOptions {
  readonly maxResponseBytes?: number;
  /** Vets every destination. Defaults to the default policy: cloud metadata and link-local addresses denied. */
  readonly guard?: OutboundGuard;
  /** Redirects followed per request; past this the redirect answer itself is returned. Default 5. */
  readonly maxRedirects?: number;
  /**
   * PEM CA certificates trusted in addition to Node's bundled roots: a private PKI, or a test's own CA.
   * (`NODE_EXTRA_CA_CERTS` only works when set before the process starts.)
   */
  readonly extraCa?: readonly string[];
}

export interface UndiciHttpClient extends HttpClient {
  /** Closes the connections this client pooled (not the shared default pool) once requests in flight finish. */
  close(): Promise<void>;
}

/**
 * Clients on the default policy share one guard and one connection pool, as they shared undici's global dispatcher
 * before the guard existed (the test harness makes a client per run).
 */
let defaultAgent: Agent | undefined;
let sharedGuard: OutboundGuard | undefined;
const defaultGuard = (): OutboundGuard => (sharedGuard ??= createOutboundGuard(parseOutboundPolicy()));

type Hop = Omit<HttpRequest, 'url' | 'signal' | 'followRedirects'> & { readonly url: URL };

export function createUndiciHttpClient(options: UndiciHttpClientOptions = {}): UndiciHttpClient {
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const shared = options.guard === undefined && !options.extraCa?.length;
  const guard = options.guard ?? defaultGuard();
  // The guard resolves the name for the connection itself, so the address vetted is the address connected to.
  const connect = {
    lookup: guardedLookup(guard),
    ...(options.extraCa?.length ? { ca: [...rootCertificates, ...options.extraCa] } : {}),
  };
  const agent = shared ? (defaultAgent ??= new Agent({ connect })) : new Agent({ connect });
  const certificateAgents = new Map<string, Agent>();

  /** One agent per distinct client certificate: undici pools connections per agent, and TLS identity is per connection. */
  const agentFor = (certificate: ClientCertificate): Agent => {
    const key = createHash('sha256').update(certificate.pfx).update('\0').update(certificate.passphrase ?? '').digest('hex');
    const cached = certificateAgents.get(key);
    if (cached) return cached;
    const tls = { pfx: Buffer.from(certificate.pfx), passphrase: certificate.passphrase };
    try {
      createSecureContext(tls);
    } catch (error) {
      throw new ClientCertificateError(`The client certificate cannot be used: ${(error as Error).message}.`, { cause: error });
    }
    const created = new Agent({ connect: { ...connect, ...tls } });
    certificateAgents.set(key, created);
    for (const [oldKey, old] of certificateAgents) {
      if (certificateAgents.size <= MAX_CERTIFICATE_AGENTS) break;
      certificateAgents.delete(oldKey);
      old.close().catch(() => undefined);
    }
    return created;
  };

  const sendOnce = async (hop: Hop, signal: AbortSignal): Promise<HttpResponse> => {
    // net.connect skips the lookup for an IP literal, so a literal is vetted here.
    if (isIP(hop.url.hostname.replace(/^\[(.*)\]$/, '$1')) !== 0) await guard.resolve(hop.url.hostname);
    let response;
    try {
      response = await request(hop.url, {
        method: hop.method as 'GET',
        headers: hop.headers,
        body: hop.body,
        signal,
        dispatcher: hop.clientCertificate ? agentFor(hop.clientCertificate) : agent,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const refusal = blockedIn(error);
      if (refusal) throw refusal;
      if (error instanceof errors.UndiciError || isNetworkError(error)) {
        throw new HttpConnectionError((error as Error).message, { cause: error });
      }
      throw error;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).byteLength;
      if (size > limit) {
        response.body.destroy();
        throw new HttpConnectionError(`The response body is larger than ${limit} bytes.`);
      }
      chunks.push(chunk as Uint8Array);
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { statusCode: response.statusCode, headers, body: Buffer.concat(chunks) };
  };

  return {
    async send(req) {
      const { signal, url, followRedirects = true, ...rest } = req;
      let hop: Hop = { ...rest, url: new URL(url) };
      for (let redirects = 0; ; redirects++) {
        const response = await sendOnce(hop, signal);
        const location = response.headers['location'];
        const follow = followRedirects && location !== undefined && redirects < maxRedirects;
        const next = follow ? redirected(hop, response.statusCode, location) : undefined;
        if (next === undefined) return response;
        hop = next;
      }
    },
    async close() {
      const owned = [...(shared ? [] : [agent]), ...certificateAgents.values()];
      await Promise.all(owned.map((each) => each.close()));
    },
  };
}

/**
 * The next request of a redirect, as browsers make it; undefined when the answer is not a followable redirect, or
 * when following it would send the body to another origin (a 307 or 308, or a 301 or 302 of anything but a POST):
 * bodies hold client secrets and passwords, and the caller chose where they go.
 */
function redirected(hop: Hop, status: number, location: string): Hop | undefined {
  if (!REDIRECTS.has(status)) return undefined;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const toGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  const sameOrigin = url.origin === hop.url.origin;
  if (!sameOrigin && !toGet && hop.body !== undefined) return undefined;
  const headers = Object.fromEntries(
    Object.entries(hop.headers).filter(([name]) => {
      const lower = name.toLowerCase();
      return !(toGet && BODY_HEADERS.has(lower)) && !(!sameOrigin && CREDENTIAL_HEADERS.has(lower));
    }),
  );
  return {
    method: toGet ? 'GET' : hop.method,
    url,
    headers,
    ...(toGet || hop.body === undefined ? {} : { body: hop.body }),
    ...(sameOrigin && hop.clientCertificate ? { clientCertificate: hop.clientCertificate } : {}),
  };
}

/** The guard's refusal, however deep undici wrapped the error from the connection's lookup. */
function blockedIn(error: unknown): OutboundBlockedError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof OutboundBlockedError) return current;
  }
  return undefined;
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR)/.test(code);
}
