import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  checkpointPayload,
  checkpointSignatureValid,
  ensureSigningKeyFile,
  generateSigningKeyPem,
  keyIdOf,
  privateKeyFromPem,
  publicKeyFromText,
  publicKeyPem,
  signCheckpoint,
} from './audit-signing.js';

describe('checkpoint signing (Ed25519)', () => {
  const privateKey = privateKeyFromPem(generateSigningKeyPem());
  const publicKey = createPublicKey(privateKey);
  const at = { seq: 1000, headHash: 'ab'.repeat(32), signedAt: new Date('2026-04-01T08:30:00.250Z') };

  it('signs sequence, head hash, time and key id, and the public key verifies it', () => {
    const cp = signCheckpoint(privateKey, at);
    expect(cp).toMatchObject({ seq: 1000, headHash: at.headHash, signedAt: '2026-04-01T08:30:00.250Z' });
    expect(cp.keyId).toBe(keyIdOf(publicKey));
    expect(cp.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(cp.signature, 'base64')).toHaveLength(64);
    expect(checkpointSignatureValid(publicKey, cp)).toBe(true);
    expect(checkpointPayload(cp).toString()).toBe(
      `{"headHash":"${at.headHash}","keyId":"${cp.keyId}","seq":1000,"signedAt":"2026-04-01T08:30:00.250Z","v":1}`,
    );
  });

  it('refuses any change to a signed checkpoint, and another key', () => {
    const cp = signCheckpoint(privateKey, at);
    expect(checkpointSignatureValid(publicKey, { ...cp, seq: 1001 })).toBe(false);
    expect(checkpointSignatureValid(publicKey, { ...cp, headHash: 'cd'.repeat(32) })).toBe(false);
    expect(checkpointSignatureValid(publicKey, { ...cp, signedAt: '2026-04-01T08:30:00.251Z' })).toBe(false);
    expect(checkpointSignatureValid(publicKey, { ...cp, signature: 'not base64 at all' })).toBe(false);
    const other = createPublicKey(createPrivateKey(generateSigningKeyPem()));
    expect(checkpointSignatureValid(other, cp)).toBe(false);
    expect(checkpointSignatureValid(other, { ...cp, keyId: keyIdOf(other) })).toBe(false);
  });

  it('reads a public key from SPKI PEM, from a private key PEM, or from the public-key endpoint JSON', () => {
    const pem = publicKeyPem(privateKey);
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const id = keyIdOf(publicKey);
    expect(keyIdOf(publicKeyFromText(pem))).toBe(id);
    expect(keyIdOf(publicKeyFromText(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()))).toBe(id);
    expect(keyIdOf(publicKeyFromText(JSON.stringify({ algorithm: 'Ed25519', keyId: id, publicKeyPem: pem })))).toBe(id);
  });

  it('refuses keys that are not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => privateKeyFromPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      'Ed25519',
    );
    expect(() => publicKeyFromText(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
      'Ed25519',
    );
  });

  it('generates the zero-setup key file once, readable by its owner only, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vt-key-'));
    try {
      const file = path.join(dir, 'nested', 'audit-signing-key.pem');
      const first = ensureSigningKeyFile(file);
      expect(first.created).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = ensureSigningKeyFile(file);
      expect(again).toEqual({ pem: first.pem, created: false });
      expect(readFileSync(file, 'utf8')).toBe(first.pem);
      expect(privateKeyFromPem(again.pem).asymmetricKeyType).toBe('ed25519');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
