import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from './canonical-json.js';

/** A signed statement "the chain up to `seq` ends in `headHash`", made by the sealer. */
export interface Checkpoint {
  seq: number;
  /** Hex SHA-256 of the chain entry at `seq`. */
  headHash: string;
  /** ISO-8601 UTC, milliseconds. */
  signedAt: string;
  /** Which key signed it (see keyIdOf). */
  keyId: string;
  /** Base64 Ed25519 signature over checkpointPayload(). */
  signature: string;
}

/** Version of the signed checkpoint text; raised if its members ever change. */
export const CHECKPOINT_FORMAT = 1;

/** The exact bytes signed: canonical JSON of everything in the checkpoint but the signature. */
export function checkpointPayload(cp: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({ v: CHECKPOINT_FORMAT, seq: cp.seq, headHash: cp.headHash, signedAt: cp.signedAt, keyId: cp.keyId }),
    'utf8',
  );
}

/** Short, stable name of a public key: the first 16 hex digits of SHA-256 over its SPKI encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function signCheckpoint(
  privateKey: KeyObject,
  at: { seq: number; headHash: string; signedAt: Date },
): Checkpoint {
  const unsigned = {
    seq: at.seq,
    headHash: at.headHash,
    signedAt: at.signedAt.toISOString(),
    keyId: keyIdOf(createPublicKey(privateKey)),
  };
  return { ...unsigned, signature: sign(null, checkpointPayload(unsigned), privateKey).toString('base64') };
}

/** True when `publicKey` made this exact checkpoint (and the key id names that key). */
export function checkpointSignatureValid(publicKey: KeyObject, cp: Checkpoint): boolean {
  if (cp.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, checkpointPayload(cp), publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

/** An Ed25519 private key from PKCS#8 PEM (as libs/config normalises AUDIT_SIGNING_KEY). */
export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 key');
  return key;
}

/**
 * An Ed25519 public key from SPKI PEM, from a private key's PEM (its public half), or from the JSON that
 * GET /api/audit/public-key answers. Used by the offline verifier on whatever the auditor saved.
 */
export function publicKeyFromText(text: string): KeyObject {
  const trimmed = text.trim();
  let pem = trimmed;
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { publicKeyPem?: unknown };
    if (typeof parsed.publicKeyPem !== 'string') throw new Error('the JSON has no publicKeyPem member');
    pem = parsed.publicKeyPem;
  }
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the audit public key must be an Ed25519 key');
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * The zero-setup start's key: read from `file`, or generated there (readable by its owner only) when absent.
 * `created` tells the caller to say so.
 */
export function ensureSigningKeyFile(file: string): { pem: string; created: boolean } {
  if (existsSync(file)) return { pem: readFileSync(file, 'utf8'), created: false };
  mkdirSync(path.dirname(file), { recursive: true });
  const pem = generateSigningKeyPem();
  writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  return { pem, created: true };
}
