import fc from 'fast-check';
import type { AssignmentEntity } from '@ventanilla/database/entities/assignment.entity.js';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { ACTION_KINDS } from '@ventanilla/domain/advance-notice.js';
import { ASSIGNMENT_TRANSITIONS } from '@ventanilla/domain/assignment-transitions.js';
import { defaultCalendar } from '@ventanilla/domain/business-calendar.js';
import { noticeRecipients, type PolicyReference } from '@ventanilla/domain/notification-policy.js';
import { REQUEST_TRANSITIONS } from '@ventanilla/domain/request-transitions.js';
import { PRIORITIES } from '@ventanilla/domain/request-status.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { assignmentNotifications } from './assignment-lifecycle.service.js';
import { policyRequestOf, type NoticeContext } from './notice-outbox.js';
import { notificationsFor } from './request-lifecycle.service.js';

const US = ['DEA', 'ATF', 'FBI'];
const MX = ['FGR-INT', 'SSPC-SIIP', 'SHCP-UIF', 'DEFENSA'];
const CLASSES: Record<string, 'none' | 'report' | 'notice' | 'authorization'> = {
  information: 'report',
  advance_notice: 'notice',
  verification: 'authorization',
  mutual_legal_assistance: 'none',
};
const policy: PolicyReference = {
  noSurprisesOf: (t) => CLASSES[t] ?? 'none',
  countryOf: (a) => (US.includes(a) ? 'US' : 'MX'),
  acknowledgeWithin: () => ({ within: { value: 4, unit: 'businessHours' }, calendar: 'business' }),
};
const ctx: NoticeContext = { policy, calendar: defaultCalendar([]), now: new Date('2026-03-02T16:00:00Z') };

const requestArb = fc.record({
  id: fc.uuid(),
  folio: fc.option(fc.constant('SSAN-2026-000001'), { nil: null }),
  title: fc.constant('Fictitious'),
  type: fc.constantFrom(...Object.keys(CLASSES)),
  priority: fc.constantFrom(...PRIORITIES),
  requestingAgency: fc.constantFrom(...US),
  needsAuthorization: fc.boolean(),
  actionKind: fc.option(fc.constantFrom(...ACTION_KINDS), { nil: null }),
});
const assignedArb = fc.uniqueArray(
  fc.record({ agency: fc.constantFrom(...MX), role: fc.constantFrom('lead' as const, 'support' as const) }),
  { selector: (a) => a.agency, maxLength: 4 },
);

type Payload = JobPayloads[JobName.DeliverNotification];
const payloads = (items: OutboxItem[]): Payload[] =>
  items.map((i) => {
    expect(i.job).toBe(JobName.DeliverNotification);
    return i.payload as Payload;
  });

describe('notification outbox rows (NS-2): one per party the policy names, with its acknowledgement', () => {
  const requestCases = REQUEST_TRANSITIONS.flatMap((t) =>
    t.from.map((from) => ({ action: t.action, from, to: t.to === 'unchanged' ? from : t.to })),
  );

  it.each(requestCases)('request.$action from $from', ({ action, from, to }) => {
    fc.assert(
      fc.property(requestArb, assignedArb, (base, assigned) => {
        const request = { ...base, status: to } as unknown as RequestEntity;
        const rows = payloads(notificationsFor(ctx, 'event-1', action, from, request, assigned));
        const named = noticeRecipients(
          { kind: 'request', action, from, request: policyRequestOf(request), assigned },
          policy,
        );
        expect(rows.map((p) => p.recipientAgency).sort()).toEqual(named.map((n) => n.agency).sort());
        for (const p of rows) {
          const n = named.find((x) => x.agency === p.recipientAgency)!;
          expect(p).toMatchObject({ sourceEventId: 'event-1', requestId: request.id, event: `request.${action}` });
          expect(p.ackRequired).toBe(n.ack !== null);
          if (n.ack) {
            expect(p.ack?.purpose).toBe(n.ack.purpose);
            expect(new Date(p.ack!.dueAt).getTime()).toBeGreaterThan(ctx.now.getTime());
            expect(p.ack?.steps.map((s) => s.level)).toEqual(['L1', 'L2']);
          } else {
            expect(p.ack).toBeNull();
          }
        }
        if (to === 'draft' || from === 'draft') expect(action === 'submit' || rows.length === 0).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it.each([...ASSIGNMENT_TRANSITIONS.map((t) => `assignment.${t.action}`), 'assignment.delivered'])(
    '%s never reaches a US agency (NS-1)',
    (event) => {
      fc.assert(
        fc.property(
          requestArb,
          fc.constantFrom(...MX, ...US),
          fc.constantFrom('lead' as const, 'support' as const),
          (base, agency, role) => {
            const request = { ...base, status: 'routed' } as unknown as RequestEntity;
            const a = { id: 'a-1', requestId: base.id, agency, role, status: 'pending' } as unknown as AssignmentEntity;
            const rows = payloads(assignmentNotifications(ctx, 'event-2', event, a, request));
            expect(rows.some((p) => US.includes(p.recipientAgency))).toBe(false);
            expect(rows.map((p) => p.recipientAgency)).toContain('SRE-SSAN');
            for (const p of rows) expect(p.params.assignmentId).toBe('a-1');
            const leadNotice = rows.find((p) => p.ackRequired);
            if (leadNotice) {
              expect([event, role, leadNotice.recipientAgency, leadNotice.ack?.purpose]).toEqual([
                'assignment.delivered',
                'lead',
                agency,
                'assignment_notice',
              ]);
            }
          },
        ),
        { numRuns: 25 },
      );
    },
  );
});
