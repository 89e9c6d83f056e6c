import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditSealer, type SealerOptions } from '@ventanilla/audit/audit-sealer.js';
import { generateSigningKeyPem } from '@ventanilla/audit/audit-signing.js';
import { AuditWriter, type AuditRecord } from '@ventanilla/audit/audit.writer.js';

/** One key per test file, as a deployment has one. */
export const signingKey: KeyObject = createPrivateKey(generateSigningKeyPem());
export const publicKey: KeyObject = createPublicKey(signingKey);

const writer = new AuditWriter();

/** A plausible event, numbered so tests can tell them apart. */
export const auditRecord = (n: number, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  actor: { userId: null, role: 'hub_coordinator', agency: 'SRE-SSAN' },
  action: 'request.claim',
  objectType: 'request',
  objectId: `object-${n}`,
  fromStatus: 'registered',
  toStatus: 'in_analysis',
  reason: `event ${n}`,
  details: { n },
  ...overrides,
});

/** Appends events one transaction each, through the application's writer; returns their ids in order. */
export async function appendEvents(db: DataSource, count: number, from = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) {
    const { id } = await db.transaction((m) =>
      writer.append(m, auditRecord(n), { correlationId: `c-${n}`, ip: '198.51.100.7', userAgent: 'audit-test' }),
    );
    ids.push(id);
  }
  return ids;
}

export function newSealer(db: DataSource, opts: Partial<SealerOptions> = {}): AuditSealer {
  return new AuditSealer(db, { batchSize: 500, checkpointEvents: 10, checkpointSeconds: 3600, signingKey, ...opts });
}

/** Seals until nothing is left that this sealer can see. */
export async function sealAll(sealer: AuditSealer): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await sealer.sealOnce();
    total += r.sealed;
    if (!r.busy && r.sealed === 0) return total;
  }
}

/**
 * What a database superuser can do behind the application's back: run statements with every ordinary
 * trigger switched off (`session_replication_role = replica`), the append-only guards included.
 */
export function asSuperuserWithoutTriggers<T>(db: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    return fn(m);
  });
}

/** The chain row at `seq`. */
export async function link(db: DataSource, seq: number): Promise<{ eventId: string; hash: string }> {
  const [row] = (await db.query(`SELECT event_id, encode(hash, 'hex') AS hash FROM audit_chain WHERE seq = $1`, [
    seq,
  ])) as Array<{ event_id: string; hash: string }>;
  return { eventId: row.event_id, hash: row.hash };
}
