import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ChainVerifier, GENESIS_HASH, chainHash, type ChainEntry, type ChainScope } from './audit-chain.js';
import { generateSigningKeyPem, signCheckpoint, type Checkpoint } from './audit-signing.js';
import type { SealedEvent } from './sealed-event.js';

const privateKey = createPrivateKey(generateSigningKeyPem());
const publicKey = createPublicKey(privateKey);

const event = (n: number): SealedEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  occurredAt: `2026-03-01T10:00:${String(n % 60).padStart(2, '0')}.123456Z`,
  actorUserId: null,
  actorRole: 'hub_coordinator',
  actorAgency: 'SRE-SSAN',
  action: 'request.claim',
  objectType: 'request',
  objectId: `r-${n}`,
  requestId: null,
  fromStatus: 'registered',
  toStatus: 'in_analysis',
  changedFields: [],
  outcome: 'success',
  reason: null,
  ip: '203.0.113.9',
  userAgent: 'spec',
  correlationId: `c-${n}`,
  details: { n },
});

/** A sealed chain of `n` events, as the sealer would write it. */
function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = event(seq);
    const hash = chainHash(seq, prev, e);
    out.push({ seq, eventId: e.id, prevHash: prev, hash, event: e });
    prev = hash;
  }
  return out;
}

const checkpointAt = (entries: ChainEntry[], seq: number): Checkpoint =>
  signCheckpoint(privateKey, { seq, headHash: entries[seq - 1].hash, signedAt: new Date('2026-03-01T11:00:00Z') });

function verify(entries: ChainEntry[], checkpoints: Checkpoint[] = [], scope: ChainScope = 'full') {
  const v = new ChainVerifier(scope, checkpoints, publicKey);
  for (const e of entries) if (!v.add(e)) break;
  return v.finish();
}

/** Recomputes every hash from `from` on, as someone with write access to the chain table could. */
function rechain(entries: ChainEntry[], from: number): void {
  for (let i = from - 1; i < entries.length; i++) {
    const prev = i === 0 ? GENESIS_HASH : entries[i - 1].hash;
    entries[i] = { ...entries[i], prevHash: prev, hash: chainHash(entries[i].seq, prev, entries[i].event!) };
  }
}

describe('chainHash', () => {
  it('depends on the sequence number, the previous hash and every field of the event', () => {
    const e = event(1);
    const base = chainHash(1, GENESIS_HASH, e);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(1, GENESIS_HASH, { ...e })).toBe(base);
    expect(chainHash(2, GENESIS_HASH, e)).not.toBe(base);
    expect(chainHash(1, 'f'.repeat(64), e)).not.toBe(base);
    for (const key of Object.keys(e) as Array<keyof SealedEvent>) {
      const changed = { ...e, [key]: key === 'details' ? { n: 2 } : key === 'changedFields' ? ['x'] : 'other' };
      expect([key, chainHash(1, GENESIS_HASH, changed)]).not.toEqual([key, base]);
    }
    // A null that becomes a value is a change too.
    expect(chainHash(1, GENESIS_HASH, { ...e, reason: '' })).not.toBe(base);
  });

  it('does not depend on the member order of the event or its JSON fields', () => {
    const e = event(1);
    const reordered = Object.fromEntries(
      Object.entries({ ...e, details: { b: 1, a: 2 } }).reverse(),
    ) as unknown as SealedEvent;
    expect(chainHash(1, GENESIS_HASH, reordered)).toBe(chainHash(1, GENESIS_HASH, { ...e, details: { a: 2, b: 1 } }));
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain with its checkpoints, and reports the head', () => {
    const entries = chain(20);
    const out = verify(entries, [checkpointAt(entries, 10), checkpointAt(entries, 20)]);
    expect(out).toMatchObject({
      ok: true,
      checkedEvents: 20,
      firstSeq: 1,
      headSeq: 20,
      headHash: entries[19].hash,
      checkpoints: { checked: 2, signaturesChecked: true, latestSeq: 20 },
      break: null,
    });
    expect(verify([]).ok).toBe(true);
  });

  it('finds a changed event at its sequence number', () => {
    const entries = chain(10);
    entries[6] = { ...entries[6], event: { ...entries[6].event!, reason: 'edited afterwards' } };
    expect(verify(entries).break).toMatchObject({ seq: 7, kind: 'changed', eventId: entries[6].eventId });
  });

  it('finds a deleted event (its link left behind) and a deleted link', () => {
    const entries = chain(10);
    entries[3] = { ...entries[3], event: null };
    expect(verify(entries).break).toMatchObject({ seq: 4, kind: 'missing', eventId: entries[3].eventId });

    const gap = chain(10).filter((e) => e.seq !== 5);
    expect(verify(gap).break).toMatchObject({ seq: 5, kind: 'missing' });
    expect(verify(chain(10).slice(2)).break).toMatchObject({ seq: 1, kind: 'missing' });
  });

  it('finds a chain cut short below a signed checkpoint', () => {
    const entries = chain(10);
    const out = verify(entries.slice(0, 7), [checkpointAt(entries, 10)]);
    expect(out.break).toMatchObject({ seq: 8, kind: 'missing' });
  });

  it('finds a link repeated or slipped in at a sequence number already used', () => {
    const entries = chain(5);
    const extra = { ...entries[2] };
    expect(verify([...entries.slice(0, 3), extra, ...entries.slice(3)]).break).toMatchObject({
      seq: 3,
      kind: 'inserted',
    });
  });

  it('finds an event changed and re-hashed alone: its link no longer joins the next one', () => {
    const entries = chain(10);
    const e = { ...entries[3].event!, reason: 'edited' };
    entries[3] = { ...entries[3], event: e, hash: chainHash(4, entries[3].prevHash, e) };
    expect(verify(entries).break).toMatchObject({ seq: 4, kind: 're-chained' });
  });

  it('passes a full re-chain on its own, but not against a checkpoint signed before it', () => {
    const entries = chain(30);
    const signed = [checkpointAt(entries, 10), checkpointAt(entries, 20), checkpointAt(entries, 30)];
    entries[14] = { ...entries[14], event: { ...entries[14].event!, outcome: 'success', reason: 'rewritten' } };
    rechain(entries, 15);
    expect(verify(entries).ok).toBe(true);
    expect(verify(entries, signed.slice(0, 1)).ok).toBe(true);
    expect(verify(entries, signed).break).toMatchObject({ seq: 20, kind: 're-chained', earliestSeq: 11 });
  });

  it('refuses a checkpoint not signed by the key, or signed by another key', () => {
    const entries = chain(10);
    const cp = checkpointAt(entries, 5);
    expect(verify(entries, [{ ...cp, signedAt: '2026-03-01T12:00:00.000Z' }]).break).toMatchObject({
      seq: 5,
      kind: 'bad-signature',
    });
    const otherKey = createPrivateKey(generateSigningKeyPem());
    const foreign = signCheckpoint(otherKey, { seq: 5, headHash: entries[4].hash, signedAt: new Date() });
    expect(verify(entries, [foreign]).break).toMatchObject({ seq: 5, kind: 'bad-signature' });
    // Without a key, signatures go unchecked, and say so; head hashes are still compared.
    const v = new ChainVerifier('full', [foreign], null);
    for (const e of entries) v.add(e);
    expect(v.finish()).toMatchObject({ ok: true, checkpoints: { checked: 1, signaturesChecked: false } });
  });

  it('checks a segment from its first link, and only the checkpoints inside it', () => {
    const entries = chain(30);
    const signed = [checkpointAt(entries, 5), checkpointAt(entries, 15), checkpointAt(entries, 30)];
    const out = verify(entries.slice(9, 20), signed, 'segment');
    expect(out).toMatchObject({ ok: true, firstSeq: 10, headSeq: 20, checkpoints: { checked: 1 } });
    const holed = entries.slice(9, 20).filter((e) => e.seq !== 12);
    expect(verify(holed, signed, 'segment').break).toMatchObject({ seq: 12, kind: 'missing' });
  });

  it('checks sparse links one by one, and joins them where they are consecutive', () => {
    const entries = chain(30);
    const picked = [entries[2], entries[3], entries[17], entries[25]];
    expect(verify(picked, [checkpointAt(entries, 4)], 'sparse')).toMatchObject({
      ok: true,
      checkedEvents: 4,
      checkpoints: { checked: 1 },
    });
    picked[2] = { ...picked[2], event: { ...picked[2].event!, action: 'request.reject' } };
    expect(verify(picked, [], 'sparse').break).toMatchObject({ seq: 18, kind: 'changed' });
  });

  it('reports a break found outside the walk when it comes first', () => {
    const entries = chain(10);
    entries[8] = { ...entries[8], event: { ...entries[8].event!, ip: null } };
    const v = new ChainVerifier('full', [], publicKey);
    for (const e of entries) if (!v.add(e)) break;
    v.reportOutside({ seq: 3, kind: 'inserted', eventId: 'x', detail: 'slipped in' });
    expect(v.finish().break).toMatchObject({ seq: 3, kind: 'inserted' });
  });
});
