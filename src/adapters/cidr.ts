/** IP addresses and CIDR ranges for the outbound guard, over node:net's `BlockList`. */
import { BlockList, isIP } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly address: string;
  readonly family: IpFamily;
}

export interface AddressRange {
  /** As written in the policy, e.g. `169.254.0.0/16`. */
  readonly text: string;
  contains(ip: IpAddress): boolean;
}

/**
 * `host` as an IP address when it is one: brackets and zone ids dropped, and an IPv4-mapped IPv6 address
 * (`::ffff:169.254.169.254`, however written) unwrapped to IPv4, since connecting to it reaches the IPv4 host.
 */
export function parseIpAddress(host: string): IpAddress | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '').toLowerCase();
  const family = isIP(bare);
  if (family === 4) return { address: bare, family: 4 };
  if (family !== 6) return undefined;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (!mapped) return { address: bare, family: 6 };
  const [high = 0, low = 0] = groups.slice(6);
  return ipv4(high, low);
}

/** The IPv4 address whose two 16-bit halves are `high` and `low`. */
function ipv4(high: number, low: number): IpAddress {
  return { address: [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'), family: 4 };
}

/**
 * The IPv4 address that an IPv6 address carries and delivers to, or undefined: NAT64 (`64:ff9b::/96`), 6to4
 * (`2002::/16`, the IPv4 address in bits 16-48), IPv4-compatible (`::a.b.c.d`, though `::` and `::1` are not) and
 * IPv4-translated (`::ffff:0:a.b.c.d`). IPv4-mapped addresses never get here: `parseIpAddress` unwraps them.
 */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.family !== 6) return undefined;
  const groups = ipv6Groups(ip.address);
  const [first = 0, second = 0, third = 0, , fifth, sixth, high = 0, low = 0] = groups;
  const zero = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (first === 0x64 && second === 0xff9b && zero(2, 6)) return ipv4(high, low);
  if (first === 0x2002) return ipv4(second, third);
  if (zero(0, 6) && (high !== 0 || low > 1)) return ipv4(high, low);
  if (zero(0, 4) && fifth === 0xffff && sixth === 0) return ipv4(high, low);
  return undefined;
}

/** `a.b.c.d`, `a.b.c.d/n`, `x::y` or `x::y/n`; undefined when it is none of these. */
export function parseAddressRange(text: string): AddressRange | undefined {
  const [base = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIpAddress(base);
  if (ip === undefined || base.includes('%')) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const list = new BlockList();
  const type = ip.family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(ip.address, prefix, type);
  return { text, contains: (candidate) => candidate.family === ip.family && list.check(candidate.address, type) };
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - before.length - after.length).fill('0');
  return [...before, ...zeros, ...after].map((group) => parseInt(group, 16));
}
