import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may not point (issue 12): the machine itself, private and shared networks, link-local
 * addresses (the cloud metadata service at 169.254.169.254 among them) and anything that is no ordinary
 * unicast destination. A receiver on such a network must be allowed explicitly (WEBHOOK_ALLOWED_NETWORKS).
 */
const REFUSED: Array<{ kind: AddressKind; ranges: string[] }> = [
  { kind: 'metadata', ranges: ['169.254.169.254/32', 'fd00:ec2::254/128'] },
  { kind: 'loopback', ranges: ['127.0.0.0/8', '::1/128'] },
  { kind: 'unspecified', ranges: ['0.0.0.0/8', '::/128'] },
  { kind: 'link-local', ranges: ['169.254.0.0/16', 'fe80::/10'] },
  {
    kind: 'private',
    ranges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  },
  {
    kind: 'reserved',
    ranges: [
      '192.0.0.0/24',
      '192.0.2.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '240.0.0.0/4',
      '255.255.255.255/32',
      '100::/64',
      '2001:db8::/32',
    ],
  },
  { kind: 'multicast', ranges: ['224.0.0.0/4', 'ff00::/8'] },
];

export type AddressKind =
  'public' | 'metadata' | 'loopback' | 'unspecified' | 'link-local' | 'private' | 'reserved' | 'multicast';

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

function blockListOf(ranges: string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/');
    const fam = family(address);
    if (prefix === undefined) list.addAddress(address, fam);
    else list.addSubnet(address, Number(prefix), fam);
  }
  return list;
}

const REFUSED_LISTS = REFUSED.map((r) => ({ kind: r.kind, list: blockListOf(r.ranges) }));

/** An IPv4 address written as IPv6 (`::ffff:127.0.0.1`, or NAT64 `64:ff9b::7f00:1`) is judged as IPv4. */
function embeddedIpv4(address: string): string | null {
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** What kind of destination an IP address is. */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0];
  const v4 = isIP(bare) === 6 ? embeddedIpv4(bare) : null;
  const subject = v4 ?? bare;
  for (const { kind, list } of REFUSED_LISTS) if (list.check(subject, family(subject))) return kind;
  return 'public';
}

/** Networks a deployment allows webhooks into although they are refused by default (its own receivers). */
export class WebhookAddressPolicy {
  private readonly allowed: BlockList;

  constructor(allowedNetworks: string[]) {
    this.allowed = blockListOf(allowedNetworks);
  }

  /** Null when a webhook may be sent to `address`; otherwise the kind of address that is refused. */
  refusal(address: string): AddressKind | null {
    const kind = addressKind(address);
    if (kind === 'public') return null;
    const bare = address.replace(/^\[|\]$/g, '').split('%')[0];
    const v4 = isIP(bare) === 6 ? embeddedIpv4(bare) : null;
    const subject = v4 ?? bare;
    return this.allowed.check(subject, family(subject)) ? null : kind;
  }

  /**
   * Resolves a URL's host the way the delivery will, and judges every address it resolves to: one refused
   * address refuses the URL (a name that also points inward could be steered there).
   */
  async check(
    url: URL,
  ): Promise<
    | { ok: true; addresses: Array<{ address: string; family: number }> }
    | { ok: false; reason: 'unresolvable' }
    | { ok: false; reason: 'refused'; address: string; kind: AddressKind }
  > {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: Array<{ address: string; family: number }>;
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await lookup(host, { all: true, verbatim: true });
      } catch {
        return { ok: false, reason: 'unresolvable' };
      }
    }
    for (const a of addresses) {
      const kind = this.refusal(a.address);
      if (kind) return { ok: false, reason: 'refused', address: a.address, kind };
    }
    return addresses.length > 0 ? { ok: true, addresses } : { ok: false, reason: 'unresolvable' };
  }
}
