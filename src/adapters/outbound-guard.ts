/**
 * The outbound guard: which destinations a workflow may call. Workflow authors choose URLs, so without it an Http
 * action could read the cloud metadata service (instance credentials) or probe the host's private network.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { OutboundBlockedError } from '../workflows/ports.js';
export type { IpAddress, IpFamily } from './cidr.js';
import { type AddressRange, type IpAddress, embeddedIpv4, parseAddressRange, parseIpAddress } from './cidr.js';

export type PolicyEntry =
  | { readonly kind: 'host'; readonly text: string; readonly host: string; readonly note?: string }
  /** `*.example.com`: any subdomain of `example.com`, not `example.com` itself. */
  | { readonly kind: 'wildcard'; readonly text: string; readonly suffix: string }
  | { readonly kind: 'range'; readonly text: string; readonly range: AddressRange; readonly note?: string };

export interface OutboundPolicy {
  /** The default denies, then the configured ones. Deny wins over allow. */
  readonly deny: readonly PolicyEntry[];
  /** When present, only destinations matching an entry are allowed. */
  readonly allow?: readonly PolicyEntry[];
}

/**
 * Always denied: the metadata services of the clouds Riposte may run in, and addresses that are never a service.
 * IPv6 addresses that carry an IPv4 address (NAT64, 6to4, IPv4-compatible) are also vetted as that IPv4 address.
 */
const DEFAULT_DENY: readonly (readonly [string, string])[] = [
  ['169.254.0.0/16', 'link-local / cloud metadata'],
  ['fe80::/10', 'IPv6 link-local'],
  ['fd00:ec2::254/128', 'AWS metadata over IPv6'],
  ['100.100.100.200/32', 'Alibaba Cloud metadata'],
  ['168.63.129.16/32', 'Azure WireServer'],
  ['0.0.0.0/8', 'the "this host" network'],
  ['::/128', 'the unspecified IPv6 address, which reaches this host'],
  ['metadata.google.internal', 'Google Cloud metadata'],
  ['metadata', 'Google Cloud metadata'],
];

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Comma-separated host names, `*.` wildcards, IP addresses and CIDR ranges; throws naming the first bad entry. */
export function parseOutboundPolicy(input: { readonly allow?: string; readonly deny?: string } = {}): OutboundPolicy {
  const defaults = DEFAULT_DENY.map(([text, note]) => Object.freeze(parseEntry(text, 'deny', note)));
  const deny = Object.freeze([...defaults, ...parseList(input.deny, 'deny')]);
  const allow = parseList(input.allow, 'allow');
  return Object.freeze(allow.length > 0 ? { deny, allow: Object.freeze(allow) } : { deny });
}

function parseList(text: string | undefined, list: 'allow' | 'deny'): PolicyEntry[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => Object.freeze(parseEntry(entry, list)));
}

function parseEntry(text: string, list: 'allow' | 'deny', note?: string): PolicyEntry {
  const range = parseAddressRange(text);
  if (range) return { kind: 'range', text, range, ...(note === undefined ? {} : { note }) };
  const name = normalizeHost(text);
  if (name.startsWith('*.') && HOST_NAME.test(name.slice(2))) return { kind: 'wildcard', text, suffix: name.slice(1) };
  if (HOST_NAME.test(name)) return { kind: 'host', text, host: name, ...(note === undefined ? {} : { note }) };
  throw new Error(
    `The outbound ${list} list entry '${text}' is not a host name, a *.wildcard, an IP address or a CIDR range.`,
  );
}

export interface OutboundGuard {
  /**
   * Vets `host` (a name, or an IP literal checked without DNS), resolves it and vets every answer, so a name that
   * also resolves to a denied address (DNS rebinding) is refused; returns the first allowed address.
   */
  resolve(host: string): Promise<IpAddress>;
}

export type LookupAll = (hostname: string, options: { all: true }) => Promise<readonly { address: string; family: number }[]>;

/** Verdicts on IP literals kept per guard; past this many distinct literals the memory starts over. */
const MAX_LITERAL_VERDICTS = 1024;

type LiteralVerdict = { readonly ip: IpAddress } | { readonly refusal: { readonly subject: string; readonly reason: string } };

export function createOutboundGuard(policy: OutboundPolicy, lookup: LookupAll = dnsLookup): OutboundGuard {
  // A literal's verdict depends on nothing but the (fixed) policy, and an Http action calls the same few hosts over
  // and over: each is judged once, not on every call (judging one cost more than the rest of a call's set-up).
  const literalVerdicts = new Map<string, LiteralVerdict>();
  /** The verdict on `name` when it is an IP literal; undefined for a host name. */
  const judgeLiteral = (name: string): LiteralVerdict | undefined => {
    const known = literalVerdicts.get(name);
    if (known !== undefined) return known;
    const literal = parseIpAddress(name);
    if (literal === undefined) return undefined;
    // A literal host has no name to match; the address is all there is.
    const reason = denial(policy, undefined, literal) ?? (isAllowed(policy, undefined, literal) ? undefined : NOT_ALLOWED);
    const verdict: LiteralVerdict =
      reason === undefined ? { ip: literal } : { refusal: { subject: name === literal.address ? name : `${name} (${literal.address})`, reason } };
    if (literalVerdicts.size >= MAX_LITERAL_VERDICTS) literalVerdicts.clear();
    literalVerdicts.set(name, verdict);
    return verdict;
  };
  return {
    async resolve(host) {
      const name = normalizeHost(host);
      const verdict = judgeLiteral(name);
      if (verdict !== undefined) {
        if ('refusal' in verdict) throw blocked(verdict.refusal.subject, verdict.refusal.reason);
        return verdict.ip;
      }
      // A denied name is refused whatever it resolves to, so before any DNS query.
      const named = policy.deny.find((entry) => matchesName(entry, name));
      if (named) throw blocked(name, `the host name matches the denied entry ${describe(named)}`);
      const answers = (await lookup(name, { all: true })).map(
        (answer): IpAddress => parseIpAddress(answer.address) ?? { address: answer.address, family: answer.family === 6 ? 6 : 4 },
      );
      for (const ip of answers) {
        const reason = denial(policy, name, ip);
        if (reason !== undefined) throw blocked(`${name} (${ip.address})`, reason);
      }
      const allowed = answers.find((ip) => isAllowed(policy, name, ip));
      if (allowed) return allowed;
      if (answers[0] === undefined) throw Object.assign(new Error(`The host name ${name} has no addresses.`), { code: 'ENOTFOUND' });
      throw blocked(`${name} (${answers[0].address})`, NOT_ALLOWED);
    },
  };
}

/**
 * The guard as a `net.connect` lookup: a client that resolves names itself (undici, an SMTP transport) then
 * connects to exactly the address the guard vetted. IP literals never reach a lookup; vet them with `resolve`.
 */
export function guardedLookup(guard: OutboundGuard): LookupFunction {
  return (hostname, options, callback) => {
    guard.resolve(hostname).then(
      (ip) => (options.all ? callback(null, [ip]) : callback(null, ip.address, ip.family)),
      (error: unknown) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}

const NOT_ALLOWED = 'it matches no entry of the allow list';

/**
 * Why a deny entry refuses `ip` (reached through host name `name`, if any), or undefined. An address that carries
 * an IPv4 address is refused when either is denied.
 */
function denial(policy: OutboundPolicy, name: string | undefined, ip: IpAddress): string | undefined {
  const inner = embeddedIpv4(ip);
  for (const entry of policy.deny) {
    if (entry.kind === 'range' && entry.range.contains(ip)) return `the address is in the denied range ${describe(entry)}`;
    if (entry.kind === 'range' && inner !== undefined && entry.range.contains(inner)) {
      return `the address embeds ${inner.address}, which is in the denied range ${describe(entry)}`;
    }
    if (name !== undefined && matchesName(entry, name)) return `the host name matches the denied entry ${describe(entry)}`;
  }
  return undefined;
}

/** Whether the allow list, if any, lets `ip` through; an address that carries an IPv4 address is judged by it. */
function isAllowed(policy: OutboundPolicy, name: string | undefined, ip: IpAddress): boolean {
  if (policy.allow === undefined) return true;
  const subject = embeddedIpv4(ip) ?? ip;
  return policy.allow.some((entry) =>
    entry.kind === 'range' ? entry.range.contains(subject) : name !== undefined && matchesName(entry, name),
  );
}

function matchesName(entry: PolicyEntry, name: string): boolean {
  if (entry.kind === 'host') return entry.host === name;
  return entry.kind === 'wildcard' && name.endsWith(entry.suffix);
}

function describe(entry: PolicyEntry): string {
  return entry.kind !== 'wildcard' && entry.note !== undefined ? `${entry.text} (${entry.note})` : entry.text;
}

/** Lower case, without IPv6 brackets or the trailing dot of a fully qualified name (`metadata.` is `metadata`). */
function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function blocked(subject: string, reason: string): OutboundBlockedError {
  return new OutboundBlockedError(
    `Outbound call to ${subject} was blocked: ${reason}. ` +
      "Riposte's outbound guard (RIPOSTE_OUTBOUND_DENY / RIPOSTE_OUTBOUND_ALLOW) controls this.",
  );
}
