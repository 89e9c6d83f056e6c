import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { chainHash } from '@ventanilla/audit/audit-chain.js';
import { checkpointLine, type ExportLine } from '@ventanilla/audit/audit-export.js';
import { publicKeyPem } from '@ventanilla/audit/audit-signing.js';
import { readCheckpoints, readChain, streamExport, verifyStoredChain } from '@ventanilla/audit/audit-store.js';
import { verifyExportFile } from '@ventanilla/audit/export-verifier.js';
import type { SealedEvent } from '@ventanilla/audit/sealed-event.js';
import { createDataSource } from '@ventanilla/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '@ventanilla/testing/test-database.js';
import { appendEvents, asSuperuserWithoutTriggers, link, newSealer, publicKey, sealAll } from './support/audit.js';

jest.setTimeout(60_000);

/** An export writer that keeps the lines in `into`. */
const collect =
  (into: string[]) =>
  (line: ExportLine): Promise<boolean> => {
    into.push(JSON.stringify(line));
    return Promise.resolve(true);
  };

/** A database with `count` events, sealed, checkpointed every 10. */
async function sealedTrail(count: number): Promise<TestDatabase> {
  const db = await createTestDatabase({ seed: false });
  await appendEvents(db.dataSource, count);
  await sealAll(newSealer(db.dataSource));
  return db;
}

describe('the audit trail is append-only and tamper-evident', () => {
  const dbs: TestDatabase[] = [];
  const track = (db: TestDatabase) => (dbs.push(db), db);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vt-audit-'));
  });

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('append-only', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = track(await sealedTrail(12));
    });

    it.each([
      ['UPDATE audit_events SET reason = $1', ['rewritten'], 'UPDATE on audit_events'],
      ['DELETE FROM audit_events WHERE reason = $1', ['event 3'], 'DELETE on audit_events'],
      ['TRUNCATE audit_events CASCADE', [], 'TRUNCATE on audit_events'],
      ['UPDATE audit_chain SET hash = prev_hash', [], 'UPDATE on audit_chain'],
      ['DELETE FROM audit_chain', [], 'DELETE on audit_chain'],
      ['DELETE FROM audit_checkpoints', [], 'DELETE on audit_checkpoints'],
      ['TRUNCATE audit_checkpoints', [], 'TRUNCATE on audit_checkpoints'],
    ])('refuses %s from the application, saying why', async (sql, params, what) => {
      const attempt = db.dataSource.query(sql, params);
      await expect(attempt).rejects.toThrow(`the audit trail is append-only: ${what} is refused`);
      await expect(attempt).rejects.toMatchObject({ code: '42501' });
      const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)) as Array<{
        n: number;
      }>;
      expect(n).toBe(12);
      expect((await verifyStoredChain(db.dataSource, publicKey)).ok).toBe(true);
    });

    it('gives a role set up as the README says no UPDATE, DELETE or TRUNCATE at all, while it can append and seal', async () => {
      const role = `vt_app_${db.name.slice(-12)}`;
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      const url = new URL(db.url);
      url.username = role;
      const app = new pg.Client({ connectionString: url.toString() });
      try {
        // The README's statements (the migrating role owns the tables; the application gets this one).
        await admin.query(`CREATE ROLE ${role} LOGIN`);
        await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
        await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
        await admin.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
        await admin.query(
          `REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_chain, audit_checkpoints FROM ${role}`,
        );
        await app.connect();
        await app.query(
          `INSERT INTO audit_events (occurred_at, actor_role, action, object_type, outcome) VALUES (clock_timestamp(), 'system', 'test.append', 'request', 'success')`,
        );
        for (const table of ['audit_events', 'audit_chain', 'audit_checkpoints']) {
          const column = table === 'audit_events' ? 'reason' : 'seq';
          await expect(app.query(`UPDATE ${table} SET ${column} = ${column}`)).rejects.toThrow(
            `permission denied for table ${table}`,
          );
          await expect(app.query(`DELETE FROM ${table}`)).rejects.toThrow(`permission denied for table ${table}`);
          await expect(app.query(`TRUNCATE ${table}`)).rejects.toThrow(`permission denied for table ${table}`);
        }
        // The sealer runs as that role too: it only inserts into the chain and drains its own queue.
        const appDb = await createDataSource({ url: url.toString(), poolSize: 2 }).initialize();
        try {
          expect(await sealAll(newSealer(appDb))).toBe(1);
        } finally {
          await appDb.destroy();
        }
        expect((await verifyStoredChain(db.dataSource, publicKey)).ok).toBe(true);
      } finally {
        await app.end().catch(() => undefined);
        await admin.query(`DROP OWNED BY ${role}`);
        await admin.query(`DROP ROLE ${role}`);
        await admin.end();
      }
    });
  });

  it('finds an event changed by a superuser with triggers disabled, at its sequence number', async () => {
    const db = track(await sealedTrail(25));
    const { eventId } = await link(db.dataSource, 17);
    await asSuperuserWithoutTriggers(db.dataSource, (m) =>
      m.query(`UPDATE audit_events SET outcome = 'success', reason = 'nothing to see here' WHERE id = $1`, [eventId]),
    );
    const verdict = await verifyStoredChain(db.dataSource, publicKey);
    expect(verdict.ok).toBe(false);
    expect(verdict.break).toMatchObject({ seq: 17, kind: 'changed', eventId });
    expect(verdict.checkedEvents).toBe(16);
  });

  it('finds a deleted event at its sequence number, and a deleted link as a gap', async () => {
    const db = track(await sealedTrail(25));
    const gone = await link(db.dataSource, 8);
    await db.dataSource.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    await db.dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [gone.eventId]);
    await db.dataSource.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    expect((await verifyStoredChain(db.dataSource, publicKey)).break).toMatchObject({
      seq: 8,
      kind: 'missing',
      eventId: gone.eventId,
    });

    // Deleting the link too, to hide the event entirely, leaves a gap in the sequence.
    await asSuperuserWithoutTriggers(db.dataSource, (m) => m.query(`DELETE FROM audit_chain WHERE seq = 8`));
    expect((await verifyStoredChain(db.dataSource, publicKey)).break).toMatchObject({ seq: 8, kind: 'missing' });
  });

  it('finds an event slipped into the trail with triggers disabled, where it would have been sealed', async () => {
    const db = track(await sealedTrail(20));
    const [{ id: slipped }] = (await asSuperuserWithoutTriggers(db.dataSource, (m) =>
      m.query(
        `INSERT INTO audit_events (occurred_at, actor_role, actor_agency, action, object_type, outcome, reason)
         VALUES (clock_timestamp(), 'hub_coordinator', 'SRE-SSAN', 'request.authorize', 'request', 'success', 'backfilled')
         RETURNING id`,
      ),
    )) as Array<{ id: string }>;
    await appendEvents(db.dataSource, 5, 21);
    await sealAll(newSealer(db.dataSource));
    const verdict = await verifyStoredChain(db.dataSource, publicKey);
    expect(verdict).toMatchObject({ ok: false, unsealed: 0, headSeq: 25 });
    expect(verdict.break).toMatchObject({ seq: 21, kind: 'inserted', eventId: slipped });
  });

  it('finds an event deleted before it was sealed, and goes on sealing the others', async () => {
    const db = track(await sealedTrail(10));
    const [doomed, ...rest] = await appendEvents(db.dataSource, 4, 11);
    await asSuperuserWithoutTriggers(db.dataSource, (m) => m.query(`DELETE FROM audit_events WHERE id = $1`, [doomed]));
    expect(await sealAll(newSealer(db.dataSource))).toBe(3);
    expect((await link(db.dataSource, 13)).eventId).toBe(rest[2]);
    const verdict = await verifyStoredChain(db.dataSource, publicKey);
    expect(verdict.break).toMatchObject({ seq: 14, kind: 'missing', eventId: doomed });
  });

  it('passes a full re-chain by a superuser in the database, but catches it against exported checkpoints', async () => {
    const db = track(await sealedTrail(30));
    const ds = db.dataSource;
    // The auditor keeps the checkpoints (10, 20, 30) and the public key outside the system.
    const kept = await readCheckpoints(ds);
    expect(kept.map((c) => c.seq)).toEqual([10, 20, 30]);
    const keptFile = path.join(dir, 'kept-checkpoints.jsonl');
    writeFileSync(keptFile, kept.map((c) => JSON.stringify(checkpointLine(c))).join('\n') + '\n');
    const keyFile = path.join(dir, 'public-key.pem');
    writeFileSync(keyFile, publicKeyPem(publicKey));

    // Someone with superuser rights rewrites event 15, recomputes every hash from there, and drops the
    // checkpoints that would give it away (without the signing key they cannot forge new ones).
    const target = await link(ds, 15);
    await asSuperuserWithoutTriggers(ds, async (m) => {
      await m.query(`UPDATE audit_events SET reason = 'rewritten history' WHERE id = $1`, [target.eventId]);
      const links: Array<{ seq: number; event: SealedEvent }> = [];
      for await (const batch of readChain(m, { fromSeq: 15 }))
        for (const l of batch) links.push({ seq: l.seq, event: l.event! });
      let prev = (await link(ds, 14)).hash;
      for (const l of links) {
        const hash = chainHash(l.seq, prev, l.event);
        await m.query(`UPDATE audit_chain SET prev_hash = decode($2, 'hex'), hash = decode($3, 'hex') WHERE seq = $1`, [
          l.seq,
          prev,
          hash,
        ]);
        prev = hash;
      }
      await m.query(`DELETE FROM audit_checkpoints WHERE seq >= 15`);
    });
    // The sealer carries on over the forged chain and signs new checkpoints on top of it.
    await appendEvents(ds, 12, 31);
    await sealAll(newSealer(ds));

    const inDatabase = await verifyStoredChain(ds, publicKey);
    expect(inDatabase).toMatchObject({ ok: true, headSeq: 42, break: null });
    expect(inDatabase.checkpoints.checked).toBeGreaterThanOrEqual(2);

    const exportFile = path.join(dir, 'export.jsonl');
    const lines: string[] = [];
    await streamExport(ds, {}, publicKey, collect(lines));
    writeFileSync(exportFile, lines.join('\n') + '\n');

    // The export on its own still looks fine; against the kept checkpoints it does not.
    expect((await verifyExportFile(exportFile, [], publicKey)).ok).toBe(true);
    const offline = await verifyExportFile(exportFile, kept, publicKey);
    expect(offline.ok).toBe(false);
    expect(offline.break).toMatchObject({ seq: 20, kind: 're-chained', earliestSeq: 11 });

    // The same through the command auditors run (`npm run audit:verify`, built into dist by `npm test`).
    const cli = path.resolve('dist/libs/audit/src/audit-verify.cli.js');
    expect(existsSync(cli)).toBe(true);
    const run = promisify(execFile);
    const args = [cli, '--export', exportFile, '--checkpoints', keptFile, '--public-key', keyFile];
    const broken = await run(process.execPath, args).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(broken?.code).toBe(1);
    expect(broken?.stdout).toContain('re-chained at 20');
    const intact = await run(process.execPath, [cli, '--export', exportFile, '--public-key', keyFile]);
    expect(intact.stdout).toContain('OK: the export checks out.');
  });

  it('verifies an untouched export offline, and a time-range segment of it', async () => {
    const db = track(await sealedTrail(35));
    const lines: string[] = [];
    await streamExport(db.dataSource, {}, publicKey, collect(lines));
    const file = path.join(dir, 'intact.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const kept = await readCheckpoints(db.dataSource);
    expect(await verifyExportFile(file, kept, publicKey)).toMatchObject({
      ok: true,
      firstSeq: 1,
      headSeq: 35,
      checkedEvents: 35,
      checkpoints: { checked: 3, signaturesChecked: true },
    });

    const [{ from, to }] = (await db.dataSource.query(
      `SELECT (SELECT occurred_at FROM audit_events e JOIN audit_chain c ON c.event_id = e.id WHERE c.seq = 12)::text AS from,
              (SELECT occurred_at FROM audit_events e JOIN audit_chain c ON c.event_id = e.id WHERE c.seq = 24)::text AS to`,
    )) as Array<{ from: string; to: string }>;
    const segment: string[] = [];
    await streamExport(db.dataSource, { from, to }, publicKey, collect(segment));
    const segmentFile = path.join(dir, 'segment.jsonl');
    writeFileSync(segmentFile, segment.join('\n') + '\n');
    expect(await verifyExportFile(segmentFile, kept, publicKey)).toMatchObject({
      ok: true,
      scope: 'segment',
      firstSeq: 12,
      headSeq: 23,
      checkpoints: { checked: 1 },
    });
  });
});
