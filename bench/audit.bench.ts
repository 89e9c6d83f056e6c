import 'reflect-metadata';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { AuditSealer } from '@ventanilla/audit/audit-sealer.js';
import { generateSigningKeyPem } from '@ventanilla/audit/audit-signing.js';
import { sealingLagSeconds, verifyStoredChain } from '@ventanilla/audit/audit-store.js';
import { EVENT_COLUMNS, utcMicros } from '@ventanilla/audit/sealed-event.js';
import { loadConfig } from '@ventanilla/config/config.js';
import { createTestDatabase } from '@ventanilla/testing/test-database.js';
import { SEAL_BATCH } from '../apps/worker/src/audit/audit-sealer.service.js';
import { pct } from './bench-support.js';

/**
 * Audit sealing: bulk-inserts a trail of AUDIT_BENCH_EVENTS events (default one million) with
 * generate_series, then times the sealer chaining all of them and the verifier recomputing the chain. Then
 * sixteen writers append events (one transaction each) in alternating phases with the sealer off and on:
 * writer throughput on/off as a ratio, and the sealing lag while they write. Baselines with the bare `pg`
 * driver do the sealer's and the verifier's reads and writes without hashing, canonical JSON or signatures,
 * so the ratios say what the cryptography and the code around it cost. Writes bench/results/audit.{json,md}.
 */
const EVENTS = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000);
const WRITERS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PHASE_S = Number(process.env.AUDIT_BENCH_PHASE_SECONDS ?? 8);
const CHUNK = 100_000;

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** The hash the baselines write: the right size, never computed. */
const FAKE_HASH = 'ab'.repeat(32);

/**
 * The sealer's database work per batch, with the bare driver and no hashing: the lock, the head, the batch
 * read with the same columns, the chain rows and the queue rows removed, one transaction per batch, on
 * copies of the queue and the chain (the real ones are append-only and already sealed).
 */
async function sealBaseline(client: pg.ClientBase): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  let events = 0;
  for (;;) {
    await client.query('BEGIN');
    await client.query('SELECT pg_try_advisory_xact_lock(4242)');
    const head = await client.query<{ seq: string }>(`SELECT seq FROM bench_chain ORDER BY seq DESC LIMIT 1`);
    let seq = Number(head.rows[0]?.seq ?? 0);
    const rows = await client.query<{ position: string; e_id: string }>(
      `SELECT u.position, ${EVENT_COLUMNS} FROM bench_unsealed u JOIN audit_events e ON e.id = u.event_id
        ORDER BY u.position LIMIT $1`,
      [SEAL_BATCH],
    );
    if (rows.rows.length > 0) {
      const seqs = rows.rows.map(() => ++seq);
      await client.query(
        `INSERT INTO bench_chain (seq, event_id, prev_hash, hash)
         SELECT s, e, decode($3, 'hex'), decode($3, 'hex') FROM unnest($1::bigint[], $2::uuid[]) AS t(s, e)`,
        [seqs, rows.rows.map((r) => r.e_id), FAKE_HASH],
      );
      await client.query(`DELETE FROM bench_unsealed WHERE position = ANY($1::bigint[])`, [
        rows.rows.map((r) => r.position),
      ]);
    }
    await client.query('COMMIT');
    events += rows.rows.length;
    if (rows.rows.length < SEAL_BATCH) return { events, seconds: seconds(t0) };
  }
}

/** The verifier's reads (the chain joined to its events in batches of 5,000, in seq order), without hashing. */
async function verifyBaseline(client: pg.ClientBase): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  let events = 0;
  let after = 0;
  for (;;) {
    const rows = await client.query<{ seq: string }>(
      `SELECT c.seq, c.event_id, encode(c.prev_hash, 'hex') AS prev_hash, encode(c.hash, 'hex') AS hash,
              ${utcMicros('c.sealed_at')} AS sealed_at, ${EVENT_COLUMNS}
         FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
        WHERE c.seq > $1 ORDER BY c.seq LIMIT 5000`,
      [after],
    );
    events += rows.rows.length;
    if (rows.rows.length < 5000) return { events, seconds: seconds(t0) };
    after = Number(rows.rows[rows.rows.length - 1].seq);
  }
}

/** The statement AuditWriter.append runs (one INSERT; the trigger queues the event for sealing). */
const APPEND = `INSERT INTO audit_events (occurred_at, actor_user_id, actor_role, actor_agency, action, object_type, object_id,
  request_id, from_status, to_status, changed_fields, outcome, reason, ip, user_agent, correlation_id, details)
  VALUES (clock_timestamp(), gen_random_uuid(), 'hub_coordinator', 'SRE-SSAN', 'request.claim', 'request', $1,
  gen_random_uuid(), 'registered', 'in_analysis', '["claimed_by"]', 'success', NULL, '203.0.113.9', 'bench/1.0', $1, '{}')`;

async function main(): Promise<void> {
  const db = await createTestDatabase({ seed: false });
  const ds = db.dataSource;
  const signingKey = createPrivateKey(generateSigningKeyPem());
  const defaults = loadConfig({});
  const sealer = new AuditSealer(ds, {
    batchSize: SEAL_BATCH,
    checkpointEvents: defaults.auditCheckpointEvents,
    checkpointSeconds: defaults.auditCheckpointSeconds,
    signingKey,
  });
  const drain = async () => {
    let n = 0;
    for (;;) {
      const r = await sealer.sealOnce();
      n += r.sealed;
      if (r.sealed < SEAL_BATCH) return n;
    }
  };
  try {
    // 1. A long trail, written as fast as PostgreSQL can (the queue trigger fires per statement).
    let t0 = performance.now();
    for (let done = 0; done < EVENTS; done += CHUNK) {
      const n = Math.min(CHUNK, EVENTS - done);
      await ds.query(
        `INSERT INTO audit_events (occurred_at, actor_user_id, actor_role, actor_agency, action, object_type, object_id,
           request_id, from_status, to_status, changed_fields, outcome, reason, ip, user_agent, correlation_id, details)
         SELECT clock_timestamp(), gen_random_uuid(), (ARRAY['liaison','hub_coordinator','agency_coordinator'])[1 + g % 3],
                (ARRAY['DEA','SRE-SSAN','FGR-INT'])[1 + g % 3], 'request.claim', 'request', g::text, gen_random_uuid(),
                'registered', 'in_analysis', '["claimed_by"]', CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'success' END,
                CASE WHEN g % 7 = 0 THEN 'Reason ' || g END, '203.0.113.' || (g % 250), 'Mozilla/5.0 (bench)',
                'bench-' || g, jsonb_build_object('n', g, 'batch', $1::int)
           FROM generate_series($2::int, $3::int) g`,
        [done / CHUNK, done + 1, done + n],
      );
    }
    const insertS = seconds(t0);
    console.log(`audit bench: ${EVENTS} events inserted in ${insertS.toFixed(1)} s`);

    // Copies of the queue and an empty chain for the sealing baseline (same indexes, no append-only triggers).
    await ds.query(`CREATE TABLE bench_unsealed (LIKE audit_unsealed INCLUDING ALL)`);
    await ds.query(`INSERT INTO bench_unsealed SELECT * FROM audit_unsealed`);
    await ds.query(`CREATE TABLE bench_chain (LIKE audit_chain INCLUDING ALL)`);
    await ds.query('VACUUM (ANALYZE) bench_unsealed, audit_unsealed, audit_events');

    // 2. Sealing the whole backlog, then the baseline doing the same reads and writes without the hashing.
    t0 = performance.now();
    const sealed = await drain();
    const sealS = seconds(t0);
    console.log(`audit bench: ${sealed} sealed in ${sealS.toFixed(1)} s`);
    const barePool = new pg.Pool({ connectionString: db.url, max: 1 });
    const bare = await barePool.connect();
    const sealBase = await sealBaseline(bare);
    console.log(`audit bench: bare-pg sealing baseline ${sealBase.events} in ${sealBase.seconds.toFixed(1)} s`);
    await ds.query('VACUUM (ANALYZE) audit_unsealed, audit_chain, audit_checkpoints');

    // 3. Verifying it: every hash recomputed, every checkpoint signature checked.
    t0 = performance.now();
    const verdict = await verifyStoredChain(ds, createPublicKey(signingKey));
    const verifyS = seconds(t0);
    if (!verdict.ok) throw new Error(`the benchmark chain does not verify: ${JSON.stringify(verdict.break)}`);
    console.log(`audit bench: ${verdict.checkedEvents} verified in ${verifyS.toFixed(1)} s`);
    const verifyBase = await verifyBaseline(bare);
    console.log(
      `audit bench: bare-pg verification baseline ${verifyBase.events} read in ${verifyBase.seconds.toFixed(1)} s`,
    );
    bare.release();
    await barePool.end();

    // 4. Sixteen writers, sealer off and on in alternation (off, on, off, on), backlog drained in between.
    const pool = new pg.Pool({ connectionString: db.url, max: WRITERS });
    // pool.end() resolves before its sockets close; dropping the database may then reach a closing one.
    pool.on('error', () => undefined);
    interface Phase {
      sealer: boolean;
      appends: number;
      lag: number[];
      /** Per event, from written to sealed, as the chain recorded it (sealer-on phases). */
      eventLag?: { p50: number; p99: number; max: number };
    }
    const phases: Phase[] = [];
    let seq = 0;
    for (const on of [false, true, false, true]) {
      let stop = false;
      let appends = 0;
      const lag: number[] = [];
      const from = new Date();
      const writers = Array.from({ length: WRITERS }, async () => {
        while (!stop) {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await c.query(APPEND, [`w-${++seq}`]);
            await c.query('COMMIT');
            appends++;
          } finally {
            c.release();
          }
        }
      });
      const sealing = on
        ? (async () => {
            while (!stop) {
              const r = await sealer.sealOnce();
              if (r.sealed < SEAL_BATCH) await new Promise((res) => setTimeout(res, defaults.auditSealIntervalMs));
            }
          })()
        : Promise.resolve();
      const sampling = on
        ? (async () => {
            while (!stop) {
              lag.push(await sealingLagSeconds(ds));
              await new Promise((res) => setTimeout(res, 100));
            }
          })()
        : Promise.resolve();
      await new Promise((res) => setTimeout(res, PHASE_S * 1000));
      stop = true;
      await Promise.all([...writers, sealing, sampling]);
      const phase: Phase = { sealer: on, appends, lag };
      phases.push(phase);
      if (on) {
        const [row] = await ds.query<Array<{ p50: number; p99: number; max: number }>>(
          `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY s) AS p99, max(s) AS max
             FROM (SELECT EXTRACT(EPOCH FROM c.sealed_at - e.occurred_at) AS s
                     FROM audit_events e JOIN audit_chain c ON c.event_id = e.id WHERE e.occurred_at >= $1) x`,
          [from],
        );
        phase.eventLag = { p50: Number(row.p50), p99: Number(row.p99), max: Number(row.max) };
      }
      await drain();
    }
    await pool.end();

    const rate = (on: boolean) => {
      const ps = phases.filter((p) => p.sealer === on);
      return ps.reduce((a, p) => a + p.appends, 0) / (ps.length * PHASE_S);
    };
    const lagSamples = phases.filter((p) => p.sealer).flatMap((p) => p.lag);
    const eventLags = phases.flatMap((p) => (p.eventLag ? [p.eventLag] : []));
    const result = {
      machine: { cpus: cpus().length, node: process.version },
      events: EVENTS,
      bulkInsert: { seconds: insertS, eventsPerSecond: EVENTS / insertS },
      sealing: {
        seconds: sealS,
        eventsPerSecond: sealed / sealS,
        batch: SEAL_BATCH,
        baselineBarePg: {
          eventsPerSecond: sealBase.events / sealBase.seconds,
          ratio: sealed / sealS / (sealBase.events / sealBase.seconds),
        },
      },
      verification: {
        seconds: verifyS,
        eventsPerSecond: verdict.checkedEvents / verifyS,
        checkpointsChecked: verdict.checkpoints.checked,
        baselineBarePg: {
          eventsPerSecond: verifyBase.events / verifyBase.seconds,
          ratio: verdict.checkedEvents / verifyS / (verifyBase.events / verifyBase.seconds),
        },
      },
      writers: {
        connections: WRITERS,
        phaseSeconds: PHASE_S,
        appendsPerSecondSealerOff: rate(false),
        appendsPerSecondSealerOn: rate(true),
        ratioOnToOff: rate(true) / rate(false),
        sealingLagSeconds: {
          samples: lagSamples.length,
          p50: pct(lagSamples, 50),
          p99: pct(lagSamples, 99),
          max: Math.max(...lagSamples),
        },
        eventWrittenToSealedSeconds: {
          p50: Math.max(...eventLags.map((l) => l.p50)),
          p99: Math.max(...eventLags.map((l) => l.p99)),
          max: Math.max(...eventLags.map((l) => l.max)),
        },
      },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/audit.json', JSON.stringify(result, null, 2));
    const w = result.writers;
    const md = [
      `# Audit sealing benchmark (${result.machine.cpus} cores, Node ${result.machine.node})`,
      '',
      `| measure | value |`,
      `|---|---|`,
      `| bulk insert (generate_series, queue trigger on) | ${EVENTS} events in ${insertS.toFixed(1)} s (${result.bulkInsert.eventsPerSecond.toFixed(0)}/s) |`,
      `| sealing the backlog (batches of ${SEAL_BATCH}, checkpoint every ${defaults.auditCheckpointEvents}) | ${result.sealing.eventsPerSecond.toFixed(0)} events/s (${sealS.toFixed(1)} s) |`,
      `| bare pg, the sealer's reads and writes without hashing | ${result.sealing.baselineBarePg.eventsPerSecond.toFixed(0)} events/s (sealer/baseline = ${result.sealing.baselineBarePg.ratio.toFixed(2)}) |`,
      `| verifying the chain (hashes + ${verdict.checkpoints.checked} signatures) | ${result.verification.eventsPerSecond.toFixed(0)} events/s (${verifyS.toFixed(1)} s) |`,
      `| bare pg, the verifier's reads without hashing | ${result.verification.baselineBarePg.eventsPerSecond.toFixed(0)} events/s (verifier/baseline = ${result.verification.baselineBarePg.ratio.toFixed(2)}) |`,
      `| ${WRITERS} writers, one event per transaction, sealer off | ${w.appendsPerSecondSealerOff.toFixed(0)} appends/s |`,
      `| same, sealer on | ${w.appendsPerSecondSealerOn.toFixed(0)} appends/s (on/off = ${w.ratioOnToOff.toFixed(2)}) |`,
      `| sealing lag while they write (oldest unsealed, sampled every 100 ms) | p50 ${w.sealingLagSeconds.p50.toFixed(2)} s, p99 ${w.sealingLagSeconds.p99.toFixed(2)} s, max ${w.sealingLagSeconds.max.toFixed(2)} s |`,
      `| written → sealed, per event | p50 ${w.eventWrittenToSealedSeconds.p50.toFixed(2)} s, p99 ${w.eventWrittenToSealedSeconds.p99.toFixed(2)} s, max ${w.eventWrittenToSealedSeconds.max.toFixed(2)} s |`,
    ].join('\n');
    writeFileSync('bench/results/audit.md', md + '\n');
    console.log(md);
  } catch (err) {
    console.error('audit benchmark failed:', err);
    process.exitCode = 1;
  } finally {
    await db.drop();
  }
}

await main();
