import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import { parseFolio } from '@ventanilla/domain/folio.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { RegisterRequestHandler } from '../apps/worker/src/handlers/register-request.handler.js';
import { expectProblem } from './support/problem.js';

/** Where every audited HTTP call of this suite comes from. */
const CLIENT_IP = '203.0.113.9';
const USER_AGENT = 'ventanilla-atomicity-test/1.0';

interface AuditRow {
  id: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_role: string;
  actor_agency: string | null;
  actor_user_id: string | null;
  correlation_id: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
}

// jest.config.cjs sets testTimeout per project, which Jest ignores (it is a global option): set it here.
jest.setTimeout(60_000);

describe(`a transition is one transaction: status, audit event and outbox rows (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let hub: ApiClient;
  let correlation = 0;

  beforeAll(async () => {
    sys = await startTestSystem();
    [dea, hub] = await Promise.all([
      ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ]);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await sys?.close();
  });

  const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await sys.db.dataSource.query(sql, params)) as T[];

  /** Headers of a traceable call; returns them with the correlation id to look for in the audit trail. */
  const traced = () => {
    const id = `atomicity-${++correlation}`;
    return { id, headers: { 'x-correlation-id': id, 'x-forwarded-for': CLIENT_IP, 'user-agent': USER_AGENT } };
  };

  const registered = (id: string) =>
    eventually(async () => {
      const r = await dea.get(`/api/requests/${id}`);
      return r.body.status === 'registered' ? r.body : null;
    });

  /** What the request row, its audit trail and its outbox rows look like now. */
  const snapshot = async (id: string) => {
    const [row] = await q<{ status: string; version: number; claimed_by: string | null; folio: string | null }>(
      `SELECT status, version, claimed_by, folio FROM requests WHERE id = $1`,
      [id],
    );
    const [{ audit }] = await q<{ audit: number }>(
      `SELECT count(*)::int AS audit FROM audit_events WHERE request_id = $1 OR object_id = $1::text`,
      [id],
    );
    const [{ outbox }] = await q<{ outbox: number }>(
      `SELECT count(*)::int AS outbox FROM outbox WHERE payload->>'requestId' = $1`,
      [id],
    );
    return { ...row, audit, outbox };
  };

  const requestEvents = (id: string) =>
    q<AuditRow>(
      `SELECT id, action, from_status, to_status, actor_role, actor_agency, actor_user_id, correlation_id, ip,
              user_agent, outcome
         FROM audit_events WHERE request_id = $1 AND action LIKE 'request.%' AND outcome = 'success'
        ORDER BY occurred_at, id`,
      [id],
    );

  describe('a failing step leaves nothing behind', () => {
    it('rolls back a claim whose outbox write fails: 500 with an error id, status, version, audit and outbox unchanged', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Outbox fails on claim' }));
      const reg = await registered(created.body.id);
      const before = await snapshot(reg.id);
      expect(before).toMatchObject({ status: 'registered', claimed_by: null });

      const write = jest
        .spyOn(sys.api.get(OutboxWriter), 'write')
        .mockRejectedValueOnce(new Error('injected: outbox insert failed in /srv/app/outbox.writer.ts:21'));
      const res = await hub.post(`/api/requests/${reg.id}/actions/claim`, { version: reg.version });
      expect(write).toHaveBeenCalledTimes(1);
      write.mockRestore();

      expectProblem(res, 500, 'INTERNAL.ERROR');
      expect(res.body.errorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(res.body.title).toContain(res.body.errorId);
      expect(JSON.stringify(res.body)).not.toMatch(/injected|outbox\.writer|\/srv\//);
      expect(await snapshot(reg.id)).toEqual(before);

      // Nothing half-done stands in the way: the same claim, retried, succeeds.
      const retried = await hub.post(`/api/requests/${reg.id}/actions/claim`, { version: reg.version });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ status: 'in_analysis', version: reg.version + 1 });
    });

    it('rolls back a transition whose audit append fails', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Audit fails on withdraw' }));
      const reg = await registered(created.body.id);
      const before = await snapshot(reg.id);

      const append = jest
        .spyOn(sys.api.get(AuditWriter), 'append')
        .mockRejectedValueOnce(new Error('injected: audit insert failed'));
      const res = await dea.post(`/api/requests/${reg.id}/actions/withdraw`, {
        version: reg.version,
        reason: 'No longer needed.',
      });
      append.mockRestore();

      expectProblem(res, 500, 'INTERNAL.ERROR');
      expect(await snapshot(reg.id)).toEqual(before);
    });

    it('creates nothing when the outbox write of a submission fails, and frees its Idempotency-Key', async () => {
      const body = newRequestBody({ title: 'Outbox fails on create' });
      const write = jest
        .spyOn(sys.api.get(OutboxWriter), 'write')
        .mockRejectedValueOnce(new Error('injected: outbox insert failed'));
      const res = await dea.post('/api/requests', body, { 'idempotency-key': 'atomicity-create' });
      write.mockRestore();

      expectProblem(res, 500, 'INTERNAL.ERROR');
      const [{ n }] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM requests WHERE title = 'Outbox fails on create'`,
      );
      expect(n).toBe(0);
      const [{ events }] = await q<{ events: number }>(
        `SELECT count(*)::int AS events FROM audit_events a
          WHERE a.action = 'request.create' AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = a.request_id)`,
      );
      expect(events).toBe(0);

      const retried = await dea.post('/api/requests', body, { 'idempotency-key': 'atomicity-create' });
      expect(retried.status).toBe(201);
      await registered(retried.body.id);
    });

    it('gives the folio back when a registration fails; the retried job registers with the next number', async () => {
      const [{ last }] = await q<{ last: number }>(`SELECT max(last_sequence)::int AS last FROM folio_counters`);
      const write = jest
        .spyOn(sys.worker!.get(OutboxWriter), 'write')
        .mockRejectedValueOnce(new Error('injected: outbox insert failed in the worker'));
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Registration fails once' }));
      const reg = await registered(created.body.id);
      // The first registration attempt failed at its outbox write; the retried job wrote again and succeeded.
      expect(write.mock.calls.length).toBeGreaterThanOrEqual(2);
      write.mockRestore();

      expect(parseFolio(reg.folio)?.sequence).toBe(last + 1);
      const events = await requestEvents(reg.id);
      expect(events.map((e) => e.action)).toEqual(['request.create', 'request.register']);
    });
  });

  describe('every status change leaves exactly one audit event', () => {
    /** Checks the trail against the expected walk; HTTP steps carry the caller's correlation id, IP and agent. */
    const expectTrail = async (
      id: string,
      steps: Array<{
        action: string;
        from: string | null;
        to: string;
        by: 'DEA' | 'SRE-SSAN' | 'system';
        cid?: string;
      }>,
    ) => {
      const events = await requestEvents(id);
      expect(events.map((e) => `${e.action} ${e.from_status}→${e.to_status}`)).toEqual(
        steps.map((s) => `${s.action} ${s.from}→${s.to}`),
      );
      steps.forEach((s, i) => {
        const e = events[i];
        expect(e.outcome).toBe('success');
        if (s.by === 'system') {
          expect(e).toMatchObject({ actor_role: 'system', actor_agency: null, actor_user_id: null });
        } else {
          expect(e).toMatchObject({
            actor_role: s.by === 'DEA' ? 'liaison' : 'hub_coordinator',
            actor_agency: s.by,
            correlation_id: s.cid,
            ip: CLIENT_IP,
            user_agent: USER_AGENT,
          });
          expect(e.actor_user_id).toEqual(expect.any(String));
        }
      });
      // One status change per event, and the version counts them.
      const [{ version, status }] = await q<{ version: number; status: string }>(
        `SELECT version, status FROM requests WHERE id = $1`,
        [id],
      );
      expect(status).toBe(steps[steps.length - 1].to);
      expect(version).toBe(steps.length);
      // Each change outside a draft tells the requesting agency and the hub, in its own transaction.
      for (const e of events) {
        const rows = await q<{ agency: string }>(
          `SELECT recipient_agency AS agency FROM notifications WHERE source_event_id = $1 ORDER BY 1`,
          [e.id],
        );
        expect(rows.map((r) => r.agency)).toEqual(e.to_status === 'draft' ? [] : ['DEA', 'SRE-SSAN']);
      }
    };

    it('create → register → claim → request_clarification → answer_clarification → reject', async () => {
      const t = [traced(), traced(), traced(), traced(), traced()];
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Audited walk' }), t[0].headers);
      const id = created.body.id as string;
      let r = await registered(id);
      r = (await hub.post(`/api/requests/${id}/actions/claim`, { version: r.version }, t[1].headers)).body;
      r = (
        await hub.post(
          `/api/requests/${id}/actions/request_clarification`,
          { version: r.version, reason: 'Which serials?' },
          t[2].headers,
        )
      ).body;
      r = (
        await dea.post(
          `/api/requests/${id}/actions/answer_clarification`,
          { version: r.version, reason: 'A1 and B2.' },
          t[3].headers,
        )
      ).body;
      r = (
        await hub.post(`/api/requests/${id}/actions/reject`, { version: r.version, reason: 'No basis.' }, t[4].headers)
      ).body;
      expect(r.status).toBe('rejected');

      // A refused attempt changes nothing and records no status change.
      const refused = await hub.post(`/api/requests/${id}/actions/claim`, { version: r.version });
      expect(refused.status).toBe(409);

      await expectTrail(id, [
        { action: 'request.create', from: null, to: 'submitted', by: 'DEA', cid: t[0].id },
        { action: 'request.register', from: 'submitted', to: 'registered', by: 'system' },
        { action: 'request.claim', from: 'registered', to: 'in_analysis', by: 'SRE-SSAN', cid: t[1].id },
        {
          action: 'request.request_clarification',
          from: 'in_analysis',
          to: 'clarification_requested',
          by: 'SRE-SSAN',
          cid: t[2].id,
        },
        {
          action: 'request.answer_clarification',
          from: 'clarification_requested',
          to: 'in_analysis',
          by: 'DEA',
          cid: t[3].id,
        },
        { action: 'request.reject', from: 'in_analysis', to: 'rejected', by: 'SRE-SSAN', cid: t[4].id },
      ]);
    });

    it('create → register → withdraw', async () => {
      const t = [traced(), traced()];
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Audited withdrawal' }), t[0].headers);
      const r = await registered(created.body.id);
      const withdrawn = await dea.post(
        `/api/requests/${r.id}/actions/withdraw`,
        { version: r.version, reason: 'Resolved by other means.' },
        t[1].headers,
      );
      expect(withdrawn.body.status).toBe('withdrawn');
      await expectTrail(r.id, [
        { action: 'request.create', from: null, to: 'submitted', by: 'DEA', cid: t[0].id },
        { action: 'request.register', from: 'submitted', to: 'registered', by: 'system' },
        { action: 'request.withdraw', from: 'registered', to: 'withdrawn', by: 'DEA', cid: t[1].id },
      ]);
    });

    it('draft → submit → register', async () => {
      const t = [traced(), traced()];
      const created = await dea.post(
        '/api/requests',
        newRequestBody({ title: 'Audited draft', draft: true }),
        t[0].headers,
      );
      expect(created.body.status).toBe('draft');
      const submitted = await dea.post(`/api/requests/${created.body.id}/actions/submit`, { version: 1 }, t[1].headers);
      expect(submitted.body.status).toBe('submitted');
      await registered(created.body.id);
      await expectTrail(created.body.id, [
        { action: 'request.create', from: null, to: 'draft', by: 'DEA', cid: t[0].id },
        { action: 'request.submit', from: 'draft', to: 'submitted', by: 'DEA', cid: t[1].id },
        { action: 'request.register', from: 'submitted', to: 'registered', by: 'system' },
      ]);
    });
  });

  it('registers once however often the register job runs (BullMQ delivers at least once)', async () => {
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Registered once' }));
    const reg = await registered(created.body.id);
    const before = await snapshot(reg.id);
    const [{ last }] = await q<{ last: number }>(`SELECT max(last_sequence)::int AS last FROM folio_counters`);

    const handler = sys.worker!.get(RegisterRequestHandler);
    await handler.handle({ requestId: reg.id });
    await handler.handle({ requestId: reg.id });
    await Promise.all(Array.from({ length: 3 }, () => handler.handle({ requestId: reg.id })));

    expect(await snapshot(reg.id)).toEqual(before);
    expect((await requestEvents(reg.id)).filter((e) => e.action === 'request.register')).toHaveLength(1);
    const [{ last: after }] = await q<{ last: number }>(`SELECT max(last_sequence)::int AS last FROM folio_counters`);
    expect(after).toBe(last);
  });

  it('gives 30 concurrent submissions 30 unique folios in one contiguous range, with no gap overall', async () => {
    const atf = await ApiClient.login(sys.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? dea : atf).post('/api/requests', newRequestBody({ title: `Concurrent ${i}` })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const ids = results.map((r) => r.body.id as string);

    const folios = await eventually(async () => {
      const rows = await q<{ folio: string | null }>(`SELECT folio FROM requests WHERE id = ANY($1)`, [ids]);
      return rows.every((r) => r.folio) ? rows.map((r) => r.folio!) : null;
    }, 30_000);
    const sequences = folios.map((f) => parseFolio(f)!.sequence).sort((a, b) => a - b);
    expect(new Set(folios).size).toBe(30);
    expect(sequences).toEqual(Array.from({ length: 30 }, (_, i) => sequences[0] + i));

    const all = await q<{ folio: string }>(`SELECT folio FROM requests WHERE folio IS NOT NULL`);
    const byYear = new Map<number, number[]>();
    for (const { folio } of all) {
      const p = parseFolio(folio)!;
      byYear.set(p.year, [...(byYear.get(p.year) ?? []), p.sequence]);
    }
    for (const [year, seqs] of byYear) {
      const [{ last_sequence }] = await q<{ last_sequence: number }>(
        `SELECT last_sequence FROM folio_counters WHERE year = $1`,
        [year],
      );
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: last_sequence }, (_, i) => i + 1));
    }
  });

  it('drains the outbox: every row relayed and every notification delivered within seconds', async () => {
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Drained' }));
    await registered(created.body.id);
    await eventually(async () => {
      const [{ pending, notices, undelivered }] = await q<{ pending: number; notices: number; undelivered: number }>(
        `SELECT (SELECT count(*)::int FROM outbox WHERE relayed_at IS NULL) AS pending,
                (SELECT count(*)::int FROM notifications WHERE request_id = $1) AS notices,
                (SELECT count(*)::int FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
                  WHERE n.request_id = $1 AND d.status IN ('pending', 'failed')) AS undelivered`,
        [created.body.id],
      );
      // Submission and registration, each told to the requesting agency and the hub, every e-mail sent.
      return pending === 0 && notices === 4 && undelivered === 0;
    }, 20_000);
    const [{ total, relayed }] = await q<{ total: number; relayed: number }>(
      `SELECT count(*)::int AS total, count(relayed_at)::int AS relayed FROM outbox`,
    );
    expect(total).toBeGreaterThan(0);
    expect(relayed).toBe(total);
  });
});
