import pg from 'pg';
import type { DataSource } from 'typeorm';
import { sealingLagSeconds, verifyStoredChain } from '@ventanilla/audit/audit-store.js';
import { loadConfig } from '@ventanilla/config/config.js';
import { createDataSource } from '@ventanilla/database/data-source.js';
import { createLogger } from '@ventanilla/http/logger.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { eventually } from '@ventanilla/testing/http-client.js';
import { createTestDatabase, type TestDatabase } from '@ventanilla/testing/test-database.js';
import { AuditSealerService } from '../apps/worker/src/audit/audit-sealer.service.js';
import { appendEvents, newSealer, publicKey, sealAll } from './support/audit.js';

jest.setTimeout(90_000);

/** The chain as sequence numbers and event ids, in order. */
async function chainRows(db: DataSource): Promise<Array<{ seq: number; eventId: string }>> {
  const rows = (await db.query(`SELECT seq, event_id FROM audit_chain ORDER BY seq`)) as Array<{
    seq: string;
    event_id: string;
  }>;
  return rows.map((r) => ({ seq: Number(r.seq), eventId: r.event_id }));
}

async function expectWholeTrailChained(db: DataSource): Promise<number> {
  const chain = await chainRows(db);
  const events = (await db.query(`SELECT id FROM audit_events`)) as Array<{ id: string }>;
  expect(chain.map((c) => c.seq)).toEqual(Array.from({ length: chain.length }, (_, i) => i + 1));
  expect(new Set(chain.map((c) => c.eventId)).size).toBe(chain.length);
  expect(chain.map((c) => c.eventId).sort()).toEqual(events.map((e) => e.id).sort());
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM audit_unsealed`)) as Array<{ n: number }>;
  expect(n).toBe(0);
  expect(await verifyStoredChain(db, publicKey)).toMatchObject({ ok: true, headSeq: chain.length });
  return chain.length;
}

describe('the audit sealer', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase({ seed: false });
  });

  afterEach(async () => {
    await db?.drop();
  });

  it('two sealers at once, while eight writers append, leave no gap and no duplicate', async () => {
    // Each sealer has its own connections, as two worker processes would.
    const other = await createDataSource({ url: db.url, poolSize: 4 }).initialize();
    try {
      const sealers = [newSealer(db.dataSource, { batchSize: 7 }), newSealer(other, { batchSize: 7 })];
      let writing = true;
      let busy = 0;
      const writers = Promise.all(
        Array.from({ length: 8 }, (_, w) => appendEvents(db.dataSource, 40, 1 + w * 40)),
      ).finally(() => {
        writing = false;
      });
      const sealing = sealers.map(async (sealer) => {
        for (;;) {
          const r = await sealer.sealOnce();
          if (r.busy) busy++;
          if (!writing && !r.busy && r.sealed === 0) return;
        }
      });
      await Promise.all([writers, ...sealing]);
      await sealAll(sealers[0]);
      expect(await expectWholeTrailChained(db.dataSource)).toBe(320);
      // Not asserted (timing), but reported when the suite runs verbosely: how often one found the other sealing.
      if (process.env.TEST_LOG_LEVEL) console.log(`sealer turns refused while the other held the lock: ${busy}`);
    } finally {
      await other.destroy();
    }
  });

  it('seals an event whose transaction commits after later events were sealed', async () => {
    const sealer = newSealer(db.dataSource);
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const {
        rows: [late],
      } = await slow.query<{ id: string }>(
        `INSERT INTO audit_events (occurred_at, actor_role, action, object_type, outcome, reason)
         VALUES (clock_timestamp(), 'system', 'request.register', 'request', 'success', 'committed late') RETURNING id`,
      );
      // Written later, committed first, sealed first.
      const early = await appendEvents(db.dataSource, 5);
      expect(await sealAll(sealer)).toBe(5);
      expect((await chainRows(db.dataSource)).map((c) => c.eventId)).toEqual(early);

      await slow.query('COMMIT');
      expect(await sealAll(sealer)).toBe(1);
      const chain = await chainRows(db.dataSource);
      expect(chain[5]).toEqual({ seq: 6, eventId: late.id });
      await expectWholeTrailChained(db.dataSource);
    } finally {
      await slow.end();
    }
  });

  it('signs a checkpoint every N events, and after T seconds for what is left', async () => {
    const sealer = newSealer(db.dataSource, { checkpointEvents: 5, checkpointSeconds: 1 });
    await appendEvents(db.dataSource, 12);
    const first = await sealer.sealOnce();
    expect(first.sealed).toBe(12);
    expect(first.checkpoints.map((c) => c.seq)).toEqual([5, 10]);
    // Nothing new to seal; once event 11 has waited a second, the head is covered too.
    const late = await eventually(
      async () => {
        const r = await sealer.sealOnce();
        return r.checkpoints.length ? r.checkpoints : null;
      },
      10_000,
      100,
    );
    expect(late.map((c) => c.seq)).toEqual([12]);
    expect((await sealer.sealOnce()).checkpoints).toEqual([]);
    const verdict = await verifyStoredChain(db.dataSource, publicKey);
    expect(verdict).toMatchObject({ ok: true, checkpoints: { checked: 3, latestSeq: 12, signaturesChecked: true } });
  });

  it('chains events written before the sealer existed, and seals nothing twice when run again', async () => {
    await appendEvents(db.dataSource, 3);
    const sealer = newSealer(db.dataSource, { signingKey: null });
    expect(await sealAll(sealer)).toBe(3);
    expect(await sealAll(sealer)).toBe(0);
    const verdict = await verifyStoredChain(db.dataSource, publicKey);
    expect(verdict).toMatchObject({ ok: true, headSeq: 3, checkpoints: { checked: 0 } });
  });

  it('will not run in production without the key that signs checkpoints', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: db.url });
    const metrics = new MetricsService({ defaultMetrics: false });
    const service = new AuditSealerService(db.dataSource, config, createLogger('silent', 'test'), metrics);
    expect(() => service.onApplicationBootstrap()).toThrow('AUDIT_SIGNING_KEY is required');
  });

  it('reports its lag: the age of the oldest committed event not yet sealed, 0 once caught up', async () => {
    expect(await sealingLagSeconds(db.dataSource)).toBe(0);
    await appendEvents(db.dataSource, 2);
    await eventually(async () => (await sealingLagSeconds(db.dataSource)) > 0.05, 5_000, 20);
    await sealAll(newSealer(db.dataSource));
    expect(await sealingLagSeconds(db.dataSource)).toBe(0);
  });
});
