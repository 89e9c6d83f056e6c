import { addressKind, WebhookAddressPolicy } from './webhook-address.js';

describe('webhook destinations', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.10.3', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
  ])('refuses %s as %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
    expect(new WebhookAddressPolicy([]).refusal(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '11.0.0.1'])(
    'allows the public address %s',
    (address) => {
      expect(addressKind(address)).toBe('public');
      expect(new WebhookAddressPolicy([]).refusal(address)).toBeNull();
    },
  );

  it('lets an allow-list open chosen networks, and only those', () => {
    const policy = new WebhookAddressPolicy(['10.20.0.0/16', '::1/128', '127.0.0.1']);
    expect(policy.refusal('10.20.3.4')).toBeNull();
    expect(policy.refusal('::ffff:10.20.3.4')).toBeNull();
    expect(policy.refusal('10.21.0.1')).toBe('private');
    expect(policy.refusal('::1')).toBeNull();
    expect(policy.refusal('127.0.0.1')).toBeNull();
    expect(policy.refusal('127.0.0.2')).toBe('loopback');
    expect(policy.refusal('169.254.169.254')).toBe('metadata');
  });

  it('judges every address a URL resolves to, literal addresses in any spelling the URL parser accepts', async () => {
    const policy = new WebhookAddressPolicy([]);
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://017700000001/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::1]:9000/',
      'http://localhost/',
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const verdict = await policy.check(new URL(url));
      expect([url, verdict.ok]).toEqual([url, false]);
    }
    expect(await policy.check(new URL('http://no-such-host.invalid/'))).toEqual({ ok: false, reason: 'unresolvable' });
    expect(await policy.check(new URL('https://8.8.8.8/hook'))).toEqual({
      ok: true,
      addresses: [{ address: '8.8.8.8', family: 4 }],
    });
  });
});
