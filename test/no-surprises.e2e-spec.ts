import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

interface Notice {
  id: string;
  event: string;
  requestId: string;
  ackRequired: boolean;
  ackPurpose: string | null;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  subject: string;
  body: string;
}

/**
 * "No surprises" over HTTP (DESIGN §4): acknowledgements gate the start of work, short notice is flagged and
 * escalated, unacknowledged notices escalate at their deadline, the hub's notices reach US agencies, the
 * compliance report counts it all, and no route lets a liaison address an agency or an agency a requester.
 * P4 is given a 3.6-second acknowledgement target on a 24×7 clock, and exigent actions a 3.6-second report
 * window, so that deadlines pass while the test watches (the other priorities keep their real targets).
 */
describe(`no surprises (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let seededUntil: Date;
  let dea: ApiClient;
  let atf: ApiClient;
  let hub: ApiClient;
  let fgr: ApiClient;
  let fgrEs: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem({ env: { CLOCK_SWEEP_MS: '200', CLOCK_SWEEP_GRACE_MS: '1000' } });
    seededUntil = new Date();
    await sys.db.dataSource.query(
      `UPDATE sla_policies SET calendar = '24x7', targets = targets || $1::jsonb WHERE priority = 'P4'`,
      [JSON.stringify({ acknowledgeWithin: { value: 0.001, unit: 'hours' } })],
    );
    await sys.db.dataSource.query(
      `UPDATE notice_lead_times SET post_action_report_within = $1::jsonb WHERE code = 'exigent'`,
      [JSON.stringify({ value: 0.001, unit: 'hours' })],
    );
    sys.api.get(ReferenceRepository).invalidate();
    sys.worker!.get(ReferenceRepository).invalidate();
    const login = (email: string, lang: 'en' | 'es' = 'en') => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD, lang);
    [dea, atf, hub, fgr, fgrEs, auditor] = await Promise.all([
      login('liaison.dea@demo.test'),
      login('liaison.atf@demo.test'),
      login('hub@demo.test'),
      login('fgr@demo.test'),
      login('fgr@demo.test', 'es'),
      login('auditor@demo.test'),
    ]);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);

  /** An advance notice of a planned action, submitted by DEA. */
  const submitNotice = async (overrides: Record<string, unknown> = {}) => {
    const res = await dea.post(
      '/api/requests',
      newRequestBody({
        type: 'advance_notice',
        topics: ['corruption'],
        title: 'Advance notice of an indictment unsealing',
        proposedActionAt: inHours(7 * 24),
        actionKind: 'planned',
        ...overrides,
      }),
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; surpriseRisk: boolean; escalationLevel: string };
  };

  const statusOf = (id: string, wanted: string) =>
    eventually(async () => {
      const r = await hub.get(`/api/requests/${id}`);
      return r.body.status === wanted ? (r.body as { id: string; version: number; status: string }) : null;
    });

  /** Registered, claimed and routed to FGR-INT as lead, without anyone acknowledging anything. */
  const routed = async (id: string) => {
    const reg = await statusOf(id, 'registered');
    const claim = await hub.post(`/api/requests/${id}/actions/claim`, { version: reg.version });
    const route = await hub.post(`/api/requests/${id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: claim.body.version,
      lead: 'FGR-INT',
      support: [],
    });
    expect(route.status).toBe(200);
    return eventually(async () => {
      const r = await fgr.get(`/api/assignments?requestId=${id}`);
      return r.body.items?.[0] as { id: string; version: number; status: string } | undefined;
    });
  };

  /** The caller's notice about `requestId` with that purpose, once delivered. */
  const noticeFor = (client: ApiClient, requestId: string, purpose: string) =>
    eventually(async () => {
      const r = await client.get(`/api/notifications?requestId=${requestId}&ackRequired=true`);
      return (r.body.items as Notice[] | undefined)?.find((n) => n.ackPurpose === purpose);
    });

  const acknowledge = async (client: ApiClient, requestId: string, purpose: string) => {
    const n = await noticeFor(client, requestId, purpose);
    const res = await client.post(`/api/notifications/${n.id}/ack`);
    expect(res.status).toBe(200);
    return res.body as Notice;
  };

  const liveAckSteps = async (notificationId: string) =>
    (
      await q<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM clock_deadlines WHERE notification_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
        [notificationId],
      )
    )[0].n;

  it('keeps a notice-type request from starting until the hub and the lead have acknowledged (NS-3)', async () => {
    const r = await submitNotice();
    const a = await routed(r.id);

    const early = await fgrEs.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version });
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.body.code).toBe('NOTICE.ACKNOWLEDGEMENTS_PENDING');
    expect(early.body.missing).toEqual([
      { party: 'hub', agency: 'SRE-SSAN', needs: 'acknowledgement' },
      { party: 'lead_agency', agency: 'FGR-INT', needs: 'acknowledgement' },
    ]);
    expect(early.body.title).toContain('Faltan: SRE-SSAN (acuse del aviso registrado), FGR-INT (acuse de su turno)');
    expect((await hub.get(`/api/requests/${r.id}`)).body.status).toBe('routed');
    expect((await fgr.get(`/api/assignments/${a.id}`)).body.status).toBe('pending');

    const hubNotice = await acknowledge(hub, r.id, 'notice_receipt');
    expect(hubNotice.acknowledgedAt).not.toBeNull();
    const still = await fgr.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version });
    expect(still.status).toBe(409);
    expect(still.body.missing).toEqual([{ party: 'lead_agency', agency: 'FGR-INT', needs: 'acknowledgement' }]);
    expect(still.body.title).toContain('Missing: FGR-INT (acknowledgement of its assignment)');

    const leadNotice = await acknowledge(fgr, r.id, 'assignment_notice');
    const accepted = await fgr.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version });
    expect(accepted.status).toBe(200);
    expect((await hub.get(`/api/requests/${r.id}`)).body.status).toBe('in_progress');

    // Both refusals are on the record as the coordinator's refused acceptance, naming who was missing.
    const denied = await q<Array<{ actor_agency: string; details: { code: string; missing: unknown[] } }>>(
      `SELECT actor_agency, details FROM audit_events
        WHERE request_id = $1 AND action = 'assignment.accept' AND outcome = 'denied' ORDER BY occurred_at`,
      [r.id],
    );
    expect(denied.map((d) => [d.actor_agency, d.details.code, d.details.missing.length])).toEqual([
      ['FGR-INT', 'NOTICE.ACKNOWLEDGEMENTS_PENDING', 2],
      ['FGR-INT', 'NOTICE.ACKNOWLEDGEMENTS_PENDING', 1],
    ]);
    // Acknowledged in time: their escalation steps will never fire.
    expect(await liveAckSteps(hubNotice.id)).toBe(0);
    expect(await liveAckSteps(leadNotice.id)).toBe(0);
  });

  it('flags short notice as surprise_risk and escalates it at once; enough notice is not flagged', async () => {
    const short = await submitNotice({ proposedActionAt: inHours(2), title: 'Designation announced tomorrow' });
    expect(short).toMatchObject({ surpriseRisk: true, escalationLevel: 'L1' });
    const operation = await submitNotice({ proposedActionAt: inHours(30), actionKind: 'operation' });
    expect(operation).toMatchObject({ surpriseRisk: false, escalationLevel: 'L0' });

    const [event] = await q<Array<{ details: { leadHours: number; to: string } }>>(
      `SELECT details FROM audit_events WHERE request_id = $1 AND action = 'request.surprise_risk'`,
      [short.id],
    );
    expect(event.details.to).toBe('L1');
    expect(event.details.leadHours).toBeLessThan(72);
    const told = await eventually(async () => {
      const rows = await q<Array<{ recipient_agency: string }>>(
        `SELECT recipient_agency FROM notifications WHERE request_id = $1 AND event = 'request.surprise_risk'`,
        [short.id],
      );
      return rows.length >= 4 ? rows.map((x) => x.recipient_agency).sort() : null;
    });
    expect(told).toEqual(['DEA', 'SRE-DGAE', 'SRE-DGAJ', 'SRE-SSAN']);
    const seen = await dea.get(`/api/requests/${short.id}`);
    expect(seen.body).toMatchObject({ surpriseRisk: true, actionKind: 'planned' });
  });

  it('escalates an unacknowledged required notice to L1 at its deadline and to L2 after, telling the holders (NS-4)', async () => {
    const r = await submitNotice({ priority: 'P4', title: 'Unacknowledged notice' });
    await statusOf(r.id, 'registered');
    const hubNotice = await noticeFor(hub, r.id, 'notice_receipt');
    expect(new Date(hubNotice.ackDueAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The hub's own notice to a US agency runs the same machinery.
    const sent = await hub.post(`/api/requests/${r.id}/notices`, {
      recipientAgency: 'DOJ-OIA',
      kind: 'other',
      text: 'Please confirm the date of the unsealing.',
    });
    expect(sent.status).toBe(201);

    const escalated = await eventually(async () => {
      const rows = await q<Array<{ trigger: string; level: string; awaited: string }>>(
        `SELECT details->>'trigger' AS trigger, details->>'level' AS level, details->>'awaitedAgency' AS awaited
           FROM audit_events WHERE request_id = $1 AND action = 'request.escalated' AND details->>'clock' = 'notice_ack'
          ORDER BY occurred_at`,
        [r.id],
      );
      return rows.filter((x) => x.level === 'L2').length >= 2 ? rows : null;
    }, 20_000);
    expect(escalated.filter((x) => x.awaited === 'SRE-SSAN').map((x) => `${x.trigger}:${x.level}`)).toEqual([
      'ack_due:L1',
      'ack_overdue:L2',
    ]);
    expect(escalated.filter((x) => x.awaited === 'DOJ-OIA').map((x) => `${x.trigger}:${x.level}`)).toEqual([
      'ack_due:L1',
      'ack_overdue:L2',
    ]);
    expect((await hub.get(`/api/requests/${r.id}`)).body.escalationLevel).toBe('L2');
    const told = await eventually(async () => {
      const rows = await q<Array<{ recipient_agency: string }>>(
        `SELECT DISTINCT recipient_agency FROM notifications WHERE request_id = $1 AND event = 'request.escalated'`,
        [r.id],
      );
      const agencies = rows.map((x) => x.recipient_agency);
      return agencies.includes('GANS') && agencies.includes('DOJ-OIA') ? agencies.sort() : null;
    });
    expect(told).toEqual(['DEA', 'DOJ-OIA', 'GANS', 'SRE-DGAE', 'SRE-DGAJ', 'SRE-SSAN']);
  });

  it('owes a post-action report after an exigent action, escalating until it is filed, once', async () => {
    const late = await submitNotice({
      actionKind: 'exigent',
      proposedActionAt: inHours(0),
      title: 'Exigent, unreported',
    });
    const r = await hub.get(`/api/requests/${late.id}`);
    expect(r.body).toMatchObject({ priority: 'P1', surpriseRisk: false, postActionReportedAt: null });
    expect(r.body.postActionReportDueAt).not.toBeNull();
    await eventually(async () => {
      const rows = await q<Array<{ level: string }>>(
        `SELECT details->>'level' AS level FROM audit_events
          WHERE request_id = $1 AND action = 'request.escalated' AND details->>'clock' = 'post_action_report'`,
        [late.id],
      );
      return rows.some((x) => x.level === 'L1') ? rows : null;
    }, 20_000);

    const ontime = await submitNotice({
      actionKind: 'exigent',
      proposedActionAt: inHours(1),
      title: 'Exigent, reported',
    });
    expect((await dea.post(`/api/requests/${ontime.id}/post-action-report`, {})).status).toBe(400);
    expect((await atf.post(`/api/requests/${ontime.id}/post-action-report`, { text: 'Not ours.' })).status).toBe(404);
    const filed = await dea.post(`/api/requests/${ontime.id}/post-action-report`, {
      text: 'Two arrests in Culiacán; no Mexican personnel involved.',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ requestId: ontime.id, late: false });
    const again = await dea.post(`/api/requests/${ontime.id}/post-action-report`, { text: 'Again.' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE.REPORT_ALREADY_FILED');
    expect((await hub.get(`/api/requests/${ontime.id}/post-action-report`)).body.text).toContain('Two arrests');
    const live = await q<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM clock_deadlines WHERE request_id = $1 AND clock = 'post_action_report'
          AND fired_at IS NULL AND cancelled_at IS NULL`,
      [ontime.id],
    );
    expect(live[0].n).toBe(0);
    const planned = await submitNotice({ title: 'Planned, no report owed' });
    const refused = await dea.post(`/api/requests/${planned.id}/post-action-report`, { text: 'Nothing happened.' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOTICE.NO_REPORT_OWED');
  });

  it("sends the hub's notice to a US agency, whose liaison sees and acknowledges it", async () => {
    const r = await submitNotice({ title: 'Notice for ATF' });
    await statusOf(r.id, 'registered');
    const body = {
      recipientAgency: 'ATF',
      kind: 'expulsion',
      text: 'Two officers leave on Friday.',
      ackRequired: true,
    };
    for (const [client, status] of [
      [dea, 403],
      [fgr, 403],
      [auditor, 403],
    ] as const) {
      expect((await client.post(`/api/requests/${r.id}/notices`, body)).status).toBe(status);
    }
    for (const recipientAgency of ['FGR-INT', 'SRE-SSAN', 'NOPE']) {
      const bad = await hub.post(`/api/requests/${r.id}/notices`, { ...body, recipientAgency });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ field: 'recipientAgency', code: 'us_requesting_agency' }),
      ]);
    }
    const sent = await hub.post(`/api/requests/${r.id}/notices`, body);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ recipientAgency: 'ATF', kind: 'expulsion', ackRequired: true });

    const n = await noticeFor(atf, r.id, 'hub_notice');
    expect(n).toMatchObject({ event: 'request.notice', ackRequired: true, acknowledgedAt: null });
    expect(n.subject).toContain('(expulsion)');
    expect(n.body).toContain('Two officers leave on Friday.');
    expect(n.ackDueAt).not.toBeNull();
    expect(await liveAckSteps(n.id)).toBe(2);
    // Addressed to ATF alone: DEA, whose request it is, does not get it.
    expect((await dea.post(`/api/notifications/${n.id}/ack`)).status).toBe(404);

    const acked = await atf.post(`/api/notifications/${n.id}/ack`);
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledgedAt).not.toBeNull();
    expect(await liveAckSteps(n.id)).toBe(0);
    const audit = await q<Array<{ actor_agency: string; details: { ackPurpose: string; late: boolean } }>>(
      `SELECT actor_agency, details FROM audit_events WHERE action = 'notification.acknowledge' AND object_id = $1`,
      [n.id],
    );
    expect(audit).toEqual([
      { actor_agency: 'ATF', details: expect.objectContaining({ ackPurpose: 'hub_notice', late: false }) },
    ]);
    expect((await hub.get(`/api/requests/${r.id}/notices`)).body.items).toHaveLength(1);
  });

  it('finds the demo data compliant: no action was taken before its clearance (NS-5)', async () => {
    // Everything created before this file's own requests is the demo seed's.
    const range = `from=${encodeURIComponent(new Date(seededUntil.getTime() - 3_600_000).toISOString())}&to=${encodeURIComponent(
      seededUntil.toISOString(),
    )}`;
    const res = await auditor.get(`/api/reports/no-surprises?${range}`);
    expect(res.status).toBe(200);
    expect(res.body.summary.requests).toBeGreaterThan(0);
    expect(res.body.summary.actionsBeforeClearance).toBe(0);
  });

  it('reports compliance per request and in total, and exports it as CSV (NS-5)', async () => {
    const from = new Date(Date.now() - 1).toISOString();
    // By the book: acknowledged before anything moved.
    const good = await submitNotice({ proposedActionAt: inHours(96), title: 'By the book' });
    await statusOf(good.id, 'registered');
    await acknowledge(hub, good.id, 'notice_receipt');
    const goodAssignment = await routed(good.id);
    await acknowledge(fgr, good.id, 'assignment_notice');
    expect(
      (await fgr.post(`/api/assignments/${goodAssignment.id}/actions/accept`, { version: goodAssignment.version }))
        .status,
    ).toBe(200);
    // Short notice, routed before the hub acknowledged it: one action before clearance.
    const hasty = await submitNotice({ proposedActionAt: inHours(2), title: 'Hasty' });
    await routed(hasty.id);
    // Acknowledged after its (3.6-second) deadline: late.
    const slow = await submitNotice({ priority: 'P4', proposedActionAt: inHours(168), title: 'Slow' });
    const slowNotice = await noticeFor(hub, slow.id, 'notice_receipt');
    await eventually(() => Promise.resolve(Date.now() > new Date(slowNotice.ackDueAt!).getTime() + 100 || null));
    await hub.post(`/api/notifications/${slowNotice.id}/ack`);
    const to = new Date(Date.now() + 1).toISOString();

    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const report = await eventually(async () => {
      const res = await auditor.get(`/api/reports/no-surprises?${range}`);
      return res.status === 200 && res.body.summary.noticesDelivered === 5 ? res.body : null;
    });
    const items = report.items as Array<{ requestId: string; noticeLeadHours: number }>;
    const row = (id: string) => items.find((x) => x.requestId === id)!;
    expect(report.items).toHaveLength(3);
    expect(row(good.id)).toMatchObject({
      noSurprises: 'notice',
      actionKind: 'planned',
      noticesRequired: 2,
      noticesDelivered: 2,
      noticesAcknowledged: 2,
      noticesLate: 0,
      surpriseRisk: false,
      actionsBeforeClearance: 0,
    });
    expect(row(good.id).noticeLeadHours).toBeCloseTo(96, 1);
    expect(row(hasty.id)).toMatchObject({
      noticesRequired: 2,
      noticesDelivered: 2,
      noticesAcknowledged: 0,
      surpriseRisk: true,
      actionsBeforeClearance: 1,
    });
    expect(row(slow.id)).toMatchObject({ noticesRequired: 1, noticesAcknowledged: 1, noticesLate: 1 });
    expect(report.summary).toMatchObject({
      requests: 3,
      noticesRequired: 5,
      noticesDelivered: 5,
      noticesAcknowledged: 3,
      noticesLate: 1,
      surpriseRisk: 1,
      actionsBeforeClearance: 1,
    });
    expect(report.summary.medianNoticeLeadHours).toBeCloseTo(96, 1);

    const csv = await hub.get(`/api/reports/no-surprises?${range}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="no-surprises-.*\.csv"/);
    const lines = (csv.body as unknown as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'folio,request_id,type,class,action_kind,priority,status,requesting_agency,submitted_at,proposed_action_at,notice_lead_hours,surprise_risk,notices_required,notices_delivered,notices_acknowledged,notices_late,actions_before_clearance',
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes(hasty.id))).toMatch(/,true,2,2,0,0,1$/);
    expect(lines[4]).toMatch(/^TOTAL,3 requests,.*,1,5,5,3,1,1$/);
    const byAccept = await auditor.get(`/api/reports/no-surprises?${range}`, { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toContain('text/csv');

    expect((await dea.get(`/api/reports/no-surprises?${range}`)).status).toBe(403);
    expect((await fgr.get(`/api/reports/no-surprises?${range}`)).status).toBe(403);
    expect(
      (await auditor.get(`/api/reports/no-surprises?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`))
        .status,
    ).toBe(400);
    const reads = await q<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.no_surprises' AND outcome = 'success'`,
    );
    expect(reads[0].n).toBeGreaterThanOrEqual(3);
  });

  describe('NS-1: only through the hub', () => {
    /** Body fields that would name whom to address: an agency, a recipient, a lead or supports. */
    const ADDRESSING = /agenc|recipient|^lead$|^support|requester|liaison/i;

    interface Operation {
      method: string;
      path: string;
      /** Every field of the body, and those that would address someone. */
      fields: string[];
      addressing: string[];
    }

    const addressingOperations = async (): Promise<Operation[]> => {
      const res = await fetch(`${sys.baseUrl}/api/docs/openapi.json`);
      const doc = (await res.json()) as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown>; allOf?: unknown[] }> };
      };
      const propertiesOf = (schema: unknown, seen = new Set<string>()): string[] => {
        if (!schema || typeof schema !== 'object') return [];
        const s = schema as { $ref?: string; properties?: Record<string, unknown>; allOf?: unknown[] };
        if (s.$ref) {
          const name = s.$ref.split('/').pop()!;
          if (seen.has(name)) return [];
          seen.add(name);
          return propertiesOf(doc.components.schemas[name], seen);
        }
        return [...Object.keys(s.properties ?? {}), ...(s.allOf ?? []).flatMap((x) => propertiesOf(x, seen))];
      };
      const ops: Operation[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const fields = [
            ...new Set(Object.values(op.requestBody?.content ?? {}).flatMap((c) => propertiesOf(c.schema))),
          ];
          const addressing = fields.filter((f) => ADDRESSING.test(f));
          if (addressing.length > 0) ops.push({ method: method.toUpperCase(), path, fields, addressing });
        }
      }
      return ops;
    };

    it('no route takes an agency from a liaison or a requester from an agency (the OpenAPI document, walked)', async () => {
      const ops = await addressingOperations();
      // Not vacuous: routing and the hub's notices do address agencies, for the hub.
      expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
        expect.arrayContaining(['POST /api/requests/{id}/actions/{action}', 'POST /api/requests/{id}/notices']),
      );

      // A request of DEA's routed to FGR-INT: both callers can see it, so only the rules stand in the way.
      const r = await submitNotice({ title: 'NS-1 walk' });
      const a = await routed(r.id);
      const version = (await hub.get(`/api/requests/${r.id}`)).body.version as number;
      const callers = [
        { who: dea, target: 'FGR-INT' },
        { who: fgr, target: 'DEA' },
      ];
      const before = new Date();
      for (const { who, target } of callers) {
        for (const op of ops) {
          const actions = op.path.includes('{action}')
            ? ['submit', 'withdraw', 'answer_clarification', 'close', 'route', 'reroute', 'accept', 'respond']
            : ['-'];
          for (const action of actions) {
            const path = op.path
              .replace('{id}', op.path.startsWith('/api/assignments') ? a.id : r.id)
              .replace('{action}', action)
              .replace(/\{\w+\}/g, r.id);
            // A well-formed body as far as the schema goes, so that only the rules can refuse it.
            const filler: Record<string, unknown> = {
              version,
              reason: 'Please act on this.',
              text: 'Please act on this.',
              kind: 'other',
            };
            const body: Record<string, unknown> = {};
            for (const f of op.fields) if (f in filler) body[f] = filler[f];
            for (const f of op.addressing) body[f] = /^support/i.test(f) ? [target] : target;
            const res = await who.send(op.method, path, body);
            expect([`${op.method} ${path}`, res.status < 300]).toEqual([`${op.method} ${path}`, false]);
          }
        }
      }
      // Nothing the two callers tried went through: no successful action of theirs, no notice to the other side.
      const done = await q<Array<{ action: string }>>(
        `SELECT action FROM audit_events WHERE occurred_at >= $1 AND outcome = 'success' AND actor_agency IN ('DEA', 'FGR-INT')
           AND action NOT IN ('notification.read')`,
        [before],
      );
      expect(done).toEqual([]);
    });

    it('an agency’s work reaches the hub, never the requesting agency; a liaison’s reaches no agency directly', async () => {
      const r = await submitNotice({ title: 'NS-1 targeted' });
      await statusOf(r.id, 'registered');
      await acknowledge(hub, r.id, 'notice_receipt');
      const a = await routed(r.id);
      await acknowledge(fgr, r.id, 'assignment_notice');
      const accepted = await fgr.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version });
      expect(accepted.status).toBe(200);
      const asked = await fgr.post(`/api/assignments/${a.id}/actions/request_clarification`, {
        version: accepted.body.version,
        reason: 'Which court issued the warrant?',
      });
      expect(asked.status).toBe(200);
      const assignmentNotices = await eventually(async () => {
        const rows = await q<Array<{ event: string; recipient_agency: string }>>(
          `SELECT event, recipient_agency FROM notifications WHERE request_id = $1 AND event LIKE 'assignment.%'`,
          [r.id],
        );
        return rows.some((x) => x.event === 'assignment.request_clarification') ? rows : null;
      });
      expect(new Set(assignmentNotices.map((x) => x.recipient_agency))).toEqual(new Set(['FGR-INT', 'SRE-SSAN']));
      // The requester has no door to the agencies' work, and the agency none to the requester's inbox.
      expect((await dea.get(`/api/assignments/${a.id}`)).status).toBe(403);
      expect((await dea.post(`/api/assignments/${a.id}/actions/accept`, { version: 1 })).status).toBe(403);
      expect(
        (await fgr.post(`/api/requests/${r.id}/notices`, { recipientAgency: 'DEA', kind: 'other', text: 'Hi' })).status,
      ).toBe(403);
      const deaInbox = await dea.get(`/api/notifications?requestId=${r.id}`);
      expect(deaInbox.body.items.every((n: Notice) => n.event.startsWith('request.'))).toBe(true);
    });
  });
});
