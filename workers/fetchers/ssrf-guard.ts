/**
 * SSRF guard (docs/safety.md §5): a URL taken from a page must never make a worker reach a private,
 * loopback, link-local or metadata address, unless the source was configured there on purpose
 * (`allowPrivateNetwork`, the replica farm in tests).
 *
 * Two layers, because a check before the request alone can be beaten by DNS rebinding (the name
 * answers a public address to the check and a private one to the connection):
 * 1. `assertPublicTarget` before every request and redirect hop: a clear refusal, before a politeness
 *    token is spent.
 * 2. `createGuardedLookup` as the `lookup` of the connection itself: the addresses it checks are the
 *    addresses the socket connects to, so what was checked is what is used (the connection is pinned
 *    to the checked answer, and a pooled keep-alive socket stays on it).
 *
 * With a proxy the target name is resolved by the proxy (see proxy-dispatcher.ts), so we never look it
 * up here: a local lookup would leak, outside the tunnel, which sites the person is checking. What is
 * still checked then: IP literals and `localhost` names. What is left: a configured public name whose
 * DNS points at a private address would be reached from the proxy's side. Pages cannot steer a worker
 * to a new name (every hop must stay on the source's configured host), so that name is one an
 * operator chose.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Resolves a name to every address it has (injectable so tests need no DNS). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolveHost: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** Thrown (or passed to a connect callback) when a target is refused; `reason` is a short category. */
export class ForbiddenTargetError extends Error {
  readonly code = 'ERR_FORBIDDEN_TARGET';
  constructor(readonly reason: string) {
    super(`refused to connect to a ${reason} address`);
    this.name = 'ForbiddenTargetError';
  }
}

const RANGES: ReadonlyArray<
  readonly [category: string, network: string, prefix: number, family: 'ipv4' | 'ipv6']
> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['cgnat', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  // 169.254.169.254 (cloud metadata) lives here; named apart below so logs say what was hit.
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmark', '198.18.0.0', 15, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['discard', '100::', 64, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  // Unique local addresses; AWS's IPv6 metadata endpoint fd00:ec2::254 is one of them.
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['site-local', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const METADATA = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2::254']);

const blockLists = new Map<string, BlockList>();
for (const [category, network, prefix, family] of RANGES) {
  let list = blockLists.get(category);
  if (!list) blockLists.set(category, (list = new BlockList()));
  list.addSubnet(network, prefix, family);
}

/**
 * Why this address must not be connected to (`loopback`, `private`, `metadata`, ...), or null for a
 * public address. Anything that does not parse as an IP is refused: fail closed.
 */
export function forbiddenAddressReason(address: string): string | null {
  const ip = address
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const family = isIP(ip);
  if (family === 0) return 'unparsable';
  if (METADATA.has(ip)) return 'metadata';
  if (family === 6) {
    // IPv4 inside IPv6 reaches the IPv4 address on most stacks: judge the embedded address.
    const embedded = embeddedIpv4(ip);
    if (embedded) return forbiddenAddressReason(embedded);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [category, list] of blockLists) if (list.check(ip, type)) return category;
  return null;
}

export function isForbiddenAddress(address: string): boolean {
  return forbiddenAddressReason(address) !== null;
}

/**
 * The IPv4 address carried by an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64
 * (64:ff9b::/96) or 6to4 (2002:AABB:CCDD::/48) IPv6 address.
 */
function embeddedIpv4(ip: string): string | undefined {
  const words = expandIpv6(ip);
  if (!words) return undefined;
  const isZero = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  if (isZero(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (isZero(0, 6) && (words[6] !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && isZero(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}

/** Eight 16-bit words of a valid IPv6 address (dotted IPv4 tail allowed). */
function expandIpv6(ip: string): number[] | undefined {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

export interface TargetPolicy {
  /** The source was configured on a private address on purpose: nothing is refused. */
  allowPrivateNetwork: boolean;
  /** A proxy resolves names: check literals only, never look a name up here (it would leak). */
  proxied: boolean;
  resolveHost?: ResolveHost;
}

/**
 * Refuses a URL whose host is, or resolves to, a forbidden address. Returns the addresses checked
 * (empty when nothing needed resolving). Resolution errors propagate as they are: an unknown host is
 * "unreachable", not "refused".
 */
export async function assertPublicTarget(url: string | URL, policy: TargetPolicy): Promise<LookupAddress[]> {
  if (policy.allowPrivateNetwork) return [];
  const hostname = (typeof url === 'string' ? new URL(url) : url).hostname.replace(/^\[|\]$/g, '');
  const family = isIP(hostname);
  if (family !== 0) {
    const reason = forbiddenAddressReason(hostname);
    if (reason) throw new ForbiddenTargetError(reason);
    return [{ address: hostname, family }];
  }
  // RFC 6761: these names are loopback whatever DNS says; no lookup needed to refuse them.
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) throw new ForbiddenTargetError('loopback');
  if (policy.proxied) return [];
  const addresses = await (policy.resolveHost ?? systemResolveHost)(hostname);
  assertAllPublic(addresses);
  return addresses;
}

/** A name with one private answer among public ones is refused: the connection could pick that one. */
function assertAllPublic(addresses: readonly LookupAddress[]): void {
  for (const { address } of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason) throw new ForbiddenTargetError(reason);
  }
}

/**
 * A `lookup` for net/tls.connect (undici Agent `connect.lookup`) that resolves with `resolveHost` and,
 * when `guard` is on, refuses forbidden answers. Node calls lookup only for names; IP literals go
 * straight to connect and are judged by assertPublicTarget.
 */
export function createLookup(resolveHost: ResolveHost = systemResolveHost, guard = true): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname)
      .then((all) => {
        if (guard) assertAllPublic(all);
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const wanted = family === 4 || family === 6 ? all.filter((entry) => entry.family === family) : all;
        if (wanted.length === 0)
          throw Object.assign(new Error(`no address for the requested family`), { code: 'ENOTFOUND' });
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
