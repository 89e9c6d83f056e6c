import { ConfigError, isLoopbackHost, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('security settings', () => {
  describe('TRUST_PROXY', () => {
    it('trusts a proxy on the same machine by default', () => {
      expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    });

    it('takes false, a hop count, or a list of addresses, ranges and presets', () => {
      expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 172.16.0.5,loopback, fd00::/8, ::1' }).trustProxy).toEqual([
        '10.0.0.0/8',
        '172.16.0.5',
        'loopback',
        'fd00::/8',
        '::1',
      ]);
    });

    it.each([
      ['true'],
      ['yes'],
      ['11'],
      ['-1'],
      ['10.0.0.0/33'],
      ['10.0.0/8'],
      ['fd00::/129'],
      ['10.0.0.1/8/8'],
      ['loopback,,10.0.0.1'],
      ['load-balancer.internal'],
      [''],
    ])('refuses %j with a message naming the variable', (value) => {
      const problems = problemsOf({ TRUST_PROXY: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TRUST_PROXY /);
    });
  });

  describe('WEBHOOK_ALLOWED_NETWORKS', () => {
    it('allows nothing inward by default, and takes addresses and CIDR ranges', () => {
      expect(loadConfig({}).webhookAllowedNetworks).toEqual([]);
      expect(
        loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, fd00::/8,192.168.1.7' }).webhookAllowedNetworks,
      ).toEqual(['10.20.0.0/16', 'fd00::/8', '192.168.1.7']);
    });

    it.each(['loopback', '10.0.0.0/40', 'internal.example', '10.0.0.1,,10.0.0.2'])('refuses %j', (value) => {
      expect(problemsOf({ WEBHOOK_ALLOWED_NETWORKS: value })).toEqual([
        expect.stringMatching(/^WEBHOOK_ALLOWED_NETWORKS /),
      ]);
    });
  });

  describe('HOST', () => {
    it('listens on this machine only outside production, everywhere in production, unless HOST says', () => {
      expect(loadConfig({}).host).toBe('127.0.0.1');
      expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
      expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/v' }).host).toBe('0.0.0.0');
      expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
      expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/v', HOST: '10.0.0.4' }).host).toBe(
        '10.0.0.4',
      );
    });

    it.each([
      ['127.0.0.1', true],
      ['127.0.1.1', true],
      ['localhost', true],
      ['::1', true],
      ['[::1]', true],
      ['0.0.0.0', false],
      ['::', false],
      ['192.0.2.2', false],
      ['ventanilla.example', false],
    ])('tells whether %s is this machine only (%s)', (host, loopback) => {
      expect(isLoopbackHost(host)).toBe(loopback);
    });
  });
});
