import { ConfigError, loadConfig } from './config.js';

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
});
