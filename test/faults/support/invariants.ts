import { parseFolio } from '@ventanilla/domain/folio.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import type { TestDatabase } from '@ventanilla/testing/test-database.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';

/** What the drill's clients were told: Idempotency-Key → the id of the request a 201 acknowledged. */
export type Acknowledged = Map<string, string>;

/** Routings the hub had acknowledged (200): request id → the agencies it was routed to. */
export type Routed = Map<string, string[]>;

interface Backlog {
  submitted: number;
  unrelayed: number;
  missingNotifications: number;
  /** E-mails not sent yet (notices are delivered in-app with the change itself). */
  openDeliveries: number;
  missingAssignments: number;
  unsealed: number;
}

const query = async <T>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> =>
  (await db.dataSource.query(sql, params)) as T[];

/** Work still owed after the faults: requests not registered, outbox rows not relayed, jobs whose effect is missing. */
async function backlog(db: TestDatabase, ids: string[]): Promise<Backlog> {
  const [row] = await query<Backlog>(
    db,
    `SELECT
       (SELECT count(*)::int FROM requests WHERE id = ANY($1::uuid[]) AND status = 'submitted') AS submitted,
       (SELECT count(*)::int FROM outbox WHERE relayed_at IS NULL) AS unrelayed,
       (SELECT count(*)::int FROM outbox o WHERE o.job_name = 'notification.deliver' AND NOT EXISTS (
          SELECT 1 FROM notifications n WHERE n.source_event_id = (o.payload->>'sourceEventId')::uuid
             AND n.recipient_agency = o.payload->>'recipientAgency')) AS "missingNotifications",
       (SELECT count(*)::int FROM notification_deliveries WHERE status IN ('pending', 'failed')) AS "openDeliveries",
       (SELECT count(*)::int FROM outbox o
          CROSS JOIN LATERAL jsonb_array_elements(
            CASE WHEN o.job_name = 'assignment.deliver_round' THEN o.payload->'agencies'
                 ELSE jsonb_build_array(jsonb_build_object('agency', o.payload->>'agency')) END) AS w(wanted)
         WHERE o.job_name IN ('assignment.deliver', 'assignment.deliver_round') AND NOT EXISTS (
          SELECT 1 FROM assignments a WHERE a.request_id = (o.payload->>'requestId')::uuid
             AND a.agency = w.wanted->>'agency' AND a.round = (o.payload->>'round')::int
             AND a.delivered_at IS NOT NULL)) AS "missingAssignments",
       (SELECT count(*)::int FROM audit_unsealed) AS unsealed`,
    [ids],
  );
  return row;
}

/** Waits until the system has caught up with everything it acknowledged (or fails with what is still owed). */
export async function settled(db: TestDatabase, acknowledged: Acknowledged, timeoutMs = 180_000): Promise<void> {
  const ids = [...acknowledged.values()];
  const deadline = Date.now() + timeoutMs;
  let last: Backlog | null = null;
  while (Date.now() < deadline) {
    last = await backlog(db, ids);
    if (Object.values(last).every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the system did not catch up within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/**
 * The promises of issue 7, checked in the database and through the API once the system has settled: every
 * acknowledged request stored exactly once, registered with a unique gap-free folio and notified; no duplicate
 * assignment, notification or audit event; the outbox drained; the audit chain verifies.
 */
export async function expectInvariants(
  db: TestDatabase,
  baseUrl: string,
  titlePrefix: string,
  acknowledged: Acknowledged,
  routed: Routed = new Map(),
): Promise<void> {
  await settled(db, acknowledged);
  const ids = [...acknowledged.values()];

  // Stored exactly once: one row per key (its title names the key), and it is the row the 201 named.
  const rows = await query<{ id: string; title: string; folio: string | null; status: string }>(
    db,
    `SELECT id, title, folio, status FROM requests WHERE title LIKE $1 || '%'`,
    [titlePrefix],
  );
  const byTitle = new Map<string, string[]>();
  for (const r of rows) byTitle.set(r.title, [...(byTitle.get(r.title) ?? []), r.id]);
  const duplicated = [...byTitle].filter(([, list]) => list.length > 1).map(([t]) => t);
  expect(duplicated).toEqual([]);
  for (const [key, id] of acknowledged)
    expect({ key, ids: byTitle.get(`${titlePrefix}${key}`) }).toEqual({ key, ids: [id] });

  // Registered: a folio each, unique, and per year the sequences are exactly 1..n (gap-free, counter agrees).
  expect(rows.filter((r) => acknowledged.has(r.title.slice(titlePrefix.length)) && !r.folio)).toEqual([]);
  const folios = await query<{ folio: string }>(db, `SELECT folio FROM requests WHERE folio IS NOT NULL`);
  expect(new Set(folios.map((f) => f.folio)).size).toBe(folios.length);
  const byYear = new Map<number, number[]>();
  for (const { folio } of folios) {
    const parsed = parseFolio(folio);
    expect(parsed).not.toBeNull();
    byYear.set(parsed!.year, [...(byYear.get(parsed!.year) ?? []), parsed!.sequence]);
  }
  const counters = await query<{ year: number; last_sequence: number }>(
    db,
    `SELECT year, last_sequence FROM folio_counters`,
  );
  for (const [year, sequences] of byYear) {
    sequences.sort((a, b) => a - b);
    expect({ year, sequences }).toEqual({ year, sequences: sequences.map((_, i) => i + 1) });
    expect(counters.find((c) => Number(c.year) === year)?.last_sequence).toBe(sequences.length);
  }

  // Exactly one creation and one registration event per request, and no other request event twice.
  const audit = await query<{ request_id: string; action: string; n: number }>(
    db,
    `SELECT request_id, action, count(*)::int AS n FROM audit_events
      WHERE request_id = ANY($1::uuid[]) AND action LIKE 'request.%' AND outcome = 'success'
      GROUP BY request_id, action`,
    [ids],
  );
  expect(audit.filter((a) => a.n !== 1)).toEqual([]);
  for (const action of ['request.create', 'request.register'])
    expect(audit.filter((a) => a.action === action).length).toBe(ids.length);

  // Notified: every notice the outbox asked for exists (settled() waited for it), at most once per
  // (event, recipient), and every request had its submission and its registration announced.
  const [{ dupNotices }] = await query<{ dupNotices: number }>(
    db,
    `SELECT count(*)::int AS "dupNotices" FROM (SELECT 1 FROM notifications
       GROUP BY source_event_id, recipient_agency HAVING count(*) > 1) d`,
  );
  expect(dupNotices).toBe(0);
  const announced = await query<{ action: string; n: number }>(
    db,
    `SELECT e.action, count(DISTINCT e.request_id)::int AS n FROM audit_events e
       JOIN notifications n ON n.source_event_id = e.id
      WHERE e.request_id = ANY($1::uuid[]) AND e.action IN ('request.create', 'request.register')
      GROUP BY e.action`,
    [ids],
  );
  expect(Object.fromEntries(announced.map((a) => [a.action, a.n]))).toEqual({
    'request.create': ids.length,
    'request.register': ids.length,
  });

  // Assignments: once per (request, agency, round) and, for each acknowledged routing, exactly its agencies.
  const assignments = await query<{ request_id: string; agency: string; round: number }>(
    db,
    `SELECT request_id, agency, round FROM assignments WHERE request_id = ANY($1::uuid[])`,
    [ids],
  );
  const seen = new Set(assignments.map((a) => `${a.request_id}/${a.agency}/${a.round}`));
  expect(seen.size).toBe(assignments.length);
  for (const [id, agencies] of routed) {
    const got = assignments
      .filter((a) => a.request_id === id)
      .map((a) => a.agency)
      .sort();
    expect({ id, agencies: got }).toEqual({ id, agencies: [...agencies].sort() });
  }

  // The outbox is drained and the audit chain, every event sealed, verifies.
  const [{ unrelayed }] = await query<{ unrelayed: number }>(
    db,
    `SELECT count(*)::int AS unrelayed FROM outbox WHERE relayed_at IS NULL`,
  );
  expect(unrelayed).toBe(0);
  const auditor = await ApiClient.login(baseUrl, 'auditor@demo.test', DEMO_PASSWORD);
  const verdict = await auditor.get('/api/audit/verify');
  expect(verdict.status).toBe(200);
  expect(verdict.body).toMatchObject({ ok: true, break: null, checkpoints: { signaturesChecked: true } });
  expect(verdict.body.checkedEvents).toBe(verdict.body.headSeq);
}
