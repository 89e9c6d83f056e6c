import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from './config.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('audit configuration', () => {
  it('has no key by default outside production, and sensible sealing defaults', () => {
    expect(loadConfig({})).toMatchObject({
      auditSigningKey: null,
      auditPublicKey: null,
      auditCheckpointEvents: 1000,
      auditCheckpointSeconds: 60,
      auditSealIntervalMs: 500,
    });
  });

  it('reads the signing key as PEM, as PEM with \\n escapes, or as base64 DER, and derives the public half', () => {
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    for (const raw of [privatePem, privatePem.replace(/\n/g, '\\n'), der, Buffer.from(privatePem).toString('base64')]) {
      const config = loadConfig({ AUDIT_SIGNING_KEY: raw });
      expect(createPrivateKey(config.auditSigningKey!).equals(privateKey)).toBe(true);
      expect(config.auditPublicKey).toBe(publicPem);
    }
  });

  it('accepts a public key alone, for processes that only verify', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@db/v',
      AUDIT_PUBLIC_KEY: publicPem,
    });
    expect(config).toMatchObject({ auditSigningKey: null, auditPublicKey: publicPem });
    expect(createPublicKey(config.auditPublicKey!).equals(publicKey)).toBe(true);
  });

  it('names what is wrong with a key', () => {
    expect(problemsOf({ AUDIT_SIGNING_KEY: 'not a key' })).toEqual([
      expect.stringMatching(/^AUDIT_SIGNING_KEY must be an Ed25519 private key/),
    ]);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(problemsOf({ AUDIT_SIGNING_KEY: rsa.toString() })).toEqual([expect.stringContaining('it is a rsa key')]);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problemsOf({ AUDIT_SIGNING_KEY: privatePem, AUDIT_PUBLIC_KEY: other })).toEqual([
      'AUDIT_PUBLIC_KEY is not the public half of AUDIT_SIGNING_KEY',
    ]);
    expect(problemsOf({ AUDIT_CHECKPOINT_EVENTS: '0', AUDIT_SEAL_INTERVAL_MS: 'soon' })).toHaveLength(2);
  });

  it('does not require a key to migrate or seed in production (a production worker does)', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/v' })).toEqual([]);
  });
});
