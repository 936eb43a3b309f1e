import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  assertPublicTarget,
  createLookup,
  forbiddenAddressReason,
  ForbiddenTargetError,
  isForbiddenAddress,
  type ResolveHost,
} from '../../workers/fetchers/ssrf-guard.js';

describe('isForbiddenAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'benchmark'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['[::1]', 'loopback'],
    ['not-an-ip', 'unparsable'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(forbiddenAddressReason(address), address).toBe(reason);
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '1.1.1.1',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:93.184.216.34',
    '2002:5db8:d822::1',
  ])('lets the public address %s through', (address) => {
    expect(forbiddenAddressReason(address), address).toBeNull();
  });
});

const resolver =
  (table: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('assertPublicTarget', () => {
  const resolveHost = resolver({
    'forum.test': ['93.184.216.34'],
    'inside.test': ['10.0.0.7'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
    'mapped.test': ['::ffff:169.254.169.254'],
  });
  const strict = { allowPrivateNetwork: false, proxied: false, resolveHost };

  it('passes a name that resolves only to public addresses and returns them', async () => {
    await expect(assertPublicTarget('http://forum.test/x', strict)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
    ]);
  });

  it.each([
    ['http://127.0.0.1:8080/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://localhost:8080/', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://inside.test/', 'private'],
    ['http://mixed.test/', 'loopback'],
    ['http://mapped.test/', 'metadata'],
  ])('refuses %s', async (url, reason) => {
    const error = await assertPublicTarget(url, strict).catch((e: unknown) => e);
    expect(error, url).toBeInstanceOf(ForbiddenTargetError);
    expect((error as ForbiddenTargetError).reason).toBe(reason);
  });

  it('lets everything through for a source configured on a private network on purpose', async () => {
    await expect(
      assertPublicTarget('http://127.0.0.1:1/', { ...strict, allowPrivateNetwork: true }),
    ).resolves.toEqual([]);
    await expect(
      assertPublicTarget('http://inside.test/', { ...strict, allowPrivateNetwork: true }),
    ).resolves.toEqual([]);
  });

  it('through a proxy checks literals and localhost but never resolves a name locally', async () => {
    let lookups = 0;
    const counting: ResolveHost = async (hostname) => {
      lookups++;
      return resolveHost(hostname);
    };
    const proxied = { allowPrivateNetwork: false, proxied: true, resolveHost: counting };
    await expect(assertPublicTarget('http://inside.test/', proxied)).resolves.toEqual([]);
    await expect(assertPublicTarget('http://10.0.0.7/', proxied)).rejects.toBeInstanceOf(
      ForbiddenTargetError,
    );
    await expect(assertPublicTarget('http://localhost/', proxied)).rejects.toBeInstanceOf(
      ForbiddenTargetError,
    );
    expect(lookups).toBe(0);
  });

  it('lets an unknown host fail as not found, not as refused', async () => {
    await expect(assertPublicTarget('http://nowhere.test/', strict)).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});

describe('createLookup (the connection-time check)', () => {
  const lookupOnce = (lookup: ReturnType<typeof createLookup>, host: string, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) => {
      lookup(host, { all }, (error, address, family) => resolve({ error, address, family }));
    });

  it('refuses a private answer and passes a public one, in both calling styles of net.connect', async () => {
    const lookup = createLookup(
      resolver({ 'forum.test': ['93.184.216.34'], 'inside.test': ['192.168.0.9'] }),
    );
    expect(await lookupOnce(lookup, 'forum.test', false)).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect(await lookupOnce(lookup, 'forum.test', true)).toMatchObject({
      error: null,
      address: [{ address: '93.184.216.34', family: 4 }],
    });
    expect((await lookupOnce(lookup, 'inside.test', true)).error).toBeInstanceOf(ForbiddenTargetError);
  });

  it('without the guard resolves private answers too (sources with allowPrivateNetwork)', async () => {
    const lookup = createLookup(resolver({ 'inside.test': ['192.168.0.9'] }), false);
    expect(await lookupOnce(lookup, 'inside.test', false)).toEqual({
      error: null,
      address: '192.168.0.9',
      family: 4,
    });
  });
});
