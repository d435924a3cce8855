import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutboundBlockedError } from '../workflows/ports.js';
import { type LookupAll, createOutboundGuard, parseOutboundPolicy } from './outbound-guard.js';

/** A resolver from a fixed table, counting queries: no real DNS in these tests. */
function fakeDns(table: Record<string, readonly string[]>): LookupAll & { queries: string[] } {
  const queries: string[] = [];
  const lookup = async (host: string) => {
    queries.push(host);
    const answers = table[host];
    if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { queries });
}

const guardOf = (policy: { allow?: string; deny?: string } = {}, table: Record<string, readonly string[]> = {}) =>
  createOutboundGuard(parseOutboundPolicy(policy), fakeDns(table));

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => assert.fail('expected the call to be blocked'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof OutboundBlockedError, `expected OutboundBlockedError, got ${String(error)}`);
  return error.message;
}

describe('parseOutboundPolicy', () => {
  it('applies the default denies and allows everything else', () => {
    const policy = parseOutboundPolicy({});
    assert.equal(policy.allow, undefined);
    assert.deepEqual(
      policy.deny.map((entry) => entry.text),
      [
        '169.254.0.0/16',
        'fe80::/10',
        'fd00:ec2::254/128',
        '100.100.100.200/32',
        '168.63.129.16/32',
        '0.0.0.0/8',
        '::/128',
        'metadata.google.internal',
        'metadata',
      ],
    );
    assert.ok(Object.isFrozen(policy) && Object.isFrozen(policy.deny));
  });

  it('parses host names, wildcards, addresses and ranges, ignoring blanks', () => {
    const policy = parseOutboundPolicy({ allow: ' api.example.com, *.corp.example ,10.0.0.0/8,, 2001:db8::1 ', deny: '[::1],Internal.Example.' });
    assert.deepEqual(
      policy.allow?.map((entry) => entry.kind),
      ['host', 'wildcard', 'range', 'range'],
    );
    assert.deepEqual(policy.deny.slice(-2).map((entry) => entry.kind), ['range', 'host']);
  });

  it('names the bad entry', () => {
    assert.throws(() => parseOutboundPolicy({ deny: '10.0.0.0/8, 10.0.0.0/33' }), /deny list entry '10\.0\.0\.0\/33'/);
    assert.throws(() => parseOutboundPolicy({ allow: 'good.example, bad host' }), /allow list entry 'bad host'/);
    assert.throws(() => parseOutboundPolicy({ allow: 'https://x.example/' }), /allow list entry 'https:\/\/x\.example\/'/);
    assert.throws(() => parseOutboundPolicy({ deny: '*' }), /'\*'/);
  });

  it('treats an empty allow list as no allow list', () => {
    assert.equal(parseOutboundPolicy({ allow: ' ' }).allow, undefined);
  });
});

describe('createOutboundGuard', () => {
  it('refuses cloud metadata by address, with a message saying why and what controls it', async () => {
    const message = await refusal(guardOf().resolve('169.254.169.254'));
    assert.equal(
      message,
      'Outbound call to 169.254.169.254 was blocked: the address is in the denied range 169.254.0.0/16 (link-local / cloud metadata). ' +
        "Riposte's outbound guard (RIPOSTE_OUTBOUND_DENY / RIPOSTE_OUTBOUND_ALLOW) controls this.",
    );
  });

  it('refuses the other default ranges, IPv6 included', async () => {
    const guard = guardOf();
    for (const host of ['[fe80::1]', 'fd00:ec2::254', '100.100.100.200', '0.0.0.0', '[fe80::1%25eth0]']) {
      await refusal(guard.resolve(host));
    }
  });

  it('treats IPv4-mapped IPv6 as its IPv4 address, however it is written', async () => {
    const guard = guardOf();
    assert.match(await refusal(guard.resolve('[::ffff:169.254.169.254]')), /denied range 169\.254\.0\.0\/16/);
    assert.match(await refusal(guard.resolve('::ffff:a9fe:a9fe')), /\(169\.254\.169\.254\).*169\.254\.0\.0\/16/);
    assert.match(await refusal(guard.resolve('0:0:0:0:0:ffff:a9fe:a9fe')), /169\.254\.0\.0\/16/);
  });

  it('refuses Azure WireServer and the unspecified IPv6 address, which reaches loopback', async () => {
    const guard = guardOf();
    assert.match(await refusal(guard.resolve('168.63.129.16')), /denied range 168\.63\.129\.16\/32 \(Azure WireServer/);
    assert.match(await refusal(guard.resolve('[::]')), /denied range ::\/128/);
    assert.match(await refusal(guard.resolve('0::0')), /denied range ::\/128/);
  });

  it('vets the IPv4 address inside NAT64, 6to4, IPv4-compatible and IPv4-translated IPv6 as IPv4', async () => {
    const guard = guardOf();
    for (const host of ['64:ff9b::a9fe:a9fe', '[64:ff9b::169.254.169.254]', '2002:a9fe:a9fe::1', '[::a9fe:a9fe]', '::169.254.169.254', '::ffff:0:a9fe:a9fe']) {
      assert.match(await refusal(guard.resolve(host)), /embeds 169\.254\.169\.254, which is in the denied range 169\.254\.0\.0\/16/, host);
    }
    assert.match(await refusal(guard.resolve('2002:6464:64c8::')), /100\.100\.100\.200\/32/);
    assert.match(await refusal(guard.resolve('::0.0.0.2')), /0\.0\.0\.0\/8/);
    assert.deepEqual(await guard.resolve('[::1]'), { address: '::1', family: 6 }, '::1 is loopback, not an IPv4-compatible address');
  });

  it('vets embedded IPv4 in DNS answers too, yet connects to the IPv6 address given', async () => {
    const guard = guardOf(
      { allow: '93.184.216.0/24' },
      { 'dns64.example': ['64:ff9b::5db8:d822'], 'rebind64.example': ['64:ff9b::a9fe:a9fe'], 'mapped.example': ['::ffff:169.254.169.254'] },
    );
    assert.deepEqual(await guard.resolve('dns64.example'), { address: '64:ff9b::5db8:d822', family: 6 });
    assert.match(await refusal(guard.resolve('rebind64.example')), /rebind64\.example \(64:ff9b::a9fe:a9fe\) was blocked: .*169\.254\.0\.0\/16/);
    assert.match(await refusal(guard.resolve('mapped.example')), /mapped\.example \(169\.254\.169\.254\).*169\.254\.0\.0\/16/);
    assert.match(await refusal(guard.resolve('2002:0a00:0001::')), /no entry of the allow list/, 'allowed or not as its IPv4 address');
  });

  it('still applies an IPv6 deny entry to an address that embeds IPv4', async () => {
    const guard = guardOf({ deny: '2002::/16' });
    assert.match(await refusal(guard.resolve('2002:5db8:d822::')), /denied range 2002::\/16/);
  });

  it('refuses denied names before asking DNS, trailing dot and case included', async () => {
    const dns = fakeDns({});
    const guard = createOutboundGuard(parseOutboundPolicy({ deny: '*.internal.example' }), dns);
    assert.match(await refusal(guard.resolve('Metadata.Google.Internal.')), /metadata\.google\.internal was blocked: the host name matches/);
    assert.match(await refusal(guard.resolve('metadata')), /Google Cloud metadata/);
    assert.match(await refusal(guard.resolve('db.internal.example')), /denied entry \*\.internal\.example/);
    assert.deepEqual(dns.queries, []);
  });

  it('allows loopback and ordinary addresses by default, checking literals without DNS', async () => {
    const dns = fakeDns({});
    const guard = createOutboundGuard(parseOutboundPolicy(), dns);
    assert.deepEqual(await guard.resolve('127.0.0.1'), { address: '127.0.0.1', family: 4 });
    assert.deepEqual(await guard.resolve('[::1]'), { address: '::1', family: 6 });
    assert.deepEqual(await guard.resolve('169.255.0.1'), { address: '169.255.0.1', family: 4 });
    assert.deepEqual(dns.queries, []);
  });

  it('judges a literal the same way on every call, while a name is looked up again each time', async () => {
    const dns = fakeDns({ 'api.example.com': ['93.184.216.34'] });
    const guard = createOutboundGuard(parseOutboundPolicy({ deny: '10.0.0.0/8' }), dns);
    for (let call = 0; call < 3; call++) {
      assert.match(await refusal(guard.resolve('169.254.169.254')), /169\.254\.169\.254 was blocked: the address is in the denied range 169\.254\.0\.0\/16/);
      assert.match(await refusal(guard.resolve('[::ffff:10.1.2.3]')), /\(10\.1\.2\.3\) was blocked: the address is in the denied range 10\.0\.0\.0\/8/);
      assert.deepEqual(await guard.resolve('127.0.0.1'), { address: '127.0.0.1', family: 4 });
      assert.equal((await guard.resolve('api.example.com')).address, '93.184.216.34');
    }
    assert.deepEqual(dns.queries, ['api.example.com', 'api.example.com', 'api.example.com']);
  });

  it('refuses a name when any of its addresses is denied (DNS rebinding), showing host and address', async () => {
    const guard = guardOf({}, { 'rebind.example': ['93.184.216.34', '169.254.169.254'], 'ok.example': ['93.184.216.34', '::1'] });
    const message = await refusal(guard.resolve('rebind.example'));
    assert.match(message, /^Outbound call to rebind\.example \(169\.254\.169\.254\) was blocked: the address is in the denied range 169\.254\.0\.0\/16/);
    assert.deepEqual(await guard.resolve('ok.example'), { address: '93.184.216.34', family: 4 });
  });

  it('lets a configured deny refuse loopback', async () => {
    const guard = guardOf({ deny: '127.0.0.0/8, ::1' }, { localhost: ['::1', '127.0.0.1'] });
    assert.match(await refusal(guard.resolve('127.0.0.1')), /denied range 127\.0\.0\.0\/8\./);
    assert.match(await refusal(guard.resolve('localhost')), /localhost \(::1\)/);
  });

  it('with an allow list, allows only matching names or addresses, and deny still wins', async () => {
    const guard = guardOf(
      { allow: 'api.example.com, *.corp.example, 10.0.0.0/8, 169.254.0.0/16' },
      {
        'api.example.com': ['93.184.216.34'],
        'x.corp.example': ['10.1.2.3'],
        'corp.example': ['93.184.216.35'],
        'mixed.example': ['93.184.216.36', '10.9.9.9'],
        'other.example': ['93.184.216.37'],
      },
    );
    assert.equal((await guard.resolve('api.example.com')).address, '93.184.216.34');
    assert.equal((await guard.resolve('x.corp.example')).address, '10.1.2.3');
    assert.equal((await guard.resolve('10.200.0.1')).address, '10.200.0.1');
    assert.equal((await guard.resolve('mixed.example')).address, '10.9.9.9', 'the first allowed answer');
    assert.match(await refusal(guard.resolve('corp.example')), /corp\.example \(93\.184\.216\.35\) was blocked: it matches no entry of the allow list/);
    assert.match(await refusal(guard.resolve('other.example')), /no entry of the allow list/);
    assert.match(await refusal(guard.resolve('169.254.169.254')), /denied range/);
  });

  it('passes DNS failures through as they are', async () => {
    await assert.rejects(guardOf().resolve('nowhere.example'), (error: Error & { code?: string }) => error.code === 'ENOTFOUND');
  });
});
