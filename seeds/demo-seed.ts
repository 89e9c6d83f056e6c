import type { DataSource } from 'typeorm';
import { AssignmentsService } from '../apps/api/src/assignments/assignments.service.js';
import { NotificationsService } from '../apps/api/src/notifications/notifications.service.js';
import type { ActionDto } from '../apps/api/src/requests/requests.dto.js';
import { RequestActionsService } from '../apps/api/src/requests/request-actions.service.js';
import { RequestIntakeService } from '../apps/api/src/requests/request-intake.service.js';
import { RequestQueriesService } from '../apps/api/src/requests/request-queries.service.js';
import { ConsolidateRequestHandler } from '../apps/worker/src/handlers/consolidate-request.handler.js';
import { AssignmentDelivery, DeliverRoundHandler } from '../apps/worker/src/handlers/deliver-assignment.handler.js';
import { RegisterRequestHandler } from '../apps/worker/src/handlers/register-request.handler.js';
import { AuditWriter, SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { hashPassword } from '@ventanilla/auth/password.js';
import type { Role } from '@ventanilla/domain/roles.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import type { JobName, JobPayloads } from '@ventanilla/queue/jobs.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import { AdvanceNoticeService } from '@ventanilla/requests/advance-notice.service.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { AssignmentLifecycleService } from '@ventanilla/requests/assignment-lifecycle.service.js';
import { ClockPlanner } from '@ventanilla/requests/clock-planner.service.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import { RoutingService } from '@ventanilla/requests/routing.service.js';
import { TransitionRunner } from '@ventanilla/requests/transition-runner.js';
import samplesDoc from './data/sample-requests.json' with { type: 'json' };

interface DemoUser {
  email: string;
  displayName: string;
  role: Role;
  agency: string | null;
  language: 'en' | 'es';
}

/** DESIGN §9, plus one liaison for each other agency that sends a sample request. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'liaison.dea@demo.test', displayName: 'Dana Reyes (DEA)', role: 'liaison', agency: 'DEA', language: 'en' },
  { email: 'liaison.atf@demo.test', displayName: 'Alex Turner (ATF)', role: 'liaison', agency: 'ATF', language: 'en' },
  {
    email: 'liaison.oia@demo.test',
    displayName: 'Olivia Ibarra (DOJ-OIA)',
    role: 'liaison',
    agency: 'DOJ-OIA',
    language: 'en',
  },
  {
    email: 'hub@demo.test',
    displayName: 'Héctor Uribe (SSAN)',
    role: 'hub_coordinator',
    agency: 'SRE-SSAN',
    language: 'es',
  },
  {
    email: 'hub2@demo.test',
    displayName: 'Berenice Solís (SSAN)',
    role: 'hub_coordinator',
    agency: 'SRE-SSAN',
    language: 'es',
  },
  {
    email: 'fgr@demo.test',
    displayName: 'Fernando Galván (FGR)',
    role: 'agency_coordinator',
    agency: 'FGR-INT',
    language: 'es',
  },
  {
    email: 'sspc@demo.test',
    displayName: 'Sofía Paredes (SSPC)',
    role: 'agency_coordinator',
    agency: 'SSPC-SIIP',
    language: 'es',
  },
  {
    email: 'uif@demo.test',
    displayName: 'Ulises Ibáñez (UIF)',
    role: 'agency_coordinator',
    agency: 'SHCP-UIF',
    language: 'es',
  },
  {
    email: 'defensa@demo.test',
    displayName: 'Diana Estrada (Defensa)',
    role: 'agency_coordinator',
    agency: 'DEFENSA',
    language: 'es',
  },
  { email: 'gans@demo.test', displayName: 'Gabriela Anaya (GANS)', role: 'authorizer', agency: 'GANS', language: 'es' },
  {
    email: 'auditor@demo.test',
    displayName: 'Aurelio Díaz (Auditoría)',
    role: 'auditor',
    agency: null,
    language: 'es',
  },
  { email: 'admin@demo.test', displayName: 'Adriana Mena (Admin)', role: 'admin', agency: null, language: 'en' },
  {
    email: 'liaison.fincen@demo.test',
    displayName: 'Frank Chen (FinCEN)',
    role: 'liaison',
    agency: 'FINCEN',
    language: 'en',
  },
  {
    email: 'liaison.cdc@demo.test',
    displayName: 'Carla Duarte (HHS-CDC)',
    role: 'liaison',
    agency: 'HHS-CDC',
    language: 'en',
  },
  { email: 'liaison.hsi@demo.test', displayName: 'Henry Soto (HSI)', role: 'liaison', agency: 'HSI', language: 'en' },
  { email: 'liaison.doj@demo.test', displayName: 'Diane Ortiz (DOJ)', role: 'liaison', agency: 'DOJ', language: 'en' },
  { email: 'liaison.fbi@demo.test', displayName: 'Frances Bell (FBI)', role: 'liaison', agency: 'FBI', language: 'en' },
];

type Step =
  | 'draft'
  | 'registered'
  | 'in_analysis'
  | 'clarification_requested'
  | 'awaiting_authorization'
  | 'in_progress'
  | 'responses_received'
  | 'response_sent'
  | 'rejected'
  | 'withdrawn';

/**
 * Where each demo request is left (the samples in order, then again from the first), so every screen has
 * something to show, and how it is routed where it goes that far: to agencies with demo users.
 */
const STEPS: Array<{ step: Step; plan?: { lead: string; support: string[] } }> = [
  { step: 'in_progress', plan: { lead: 'FGR-INT', support: ['SSPC-SIIP'] } },
  { step: 'registered' },
  { step: 'awaiting_authorization' },
  { step: 'response_sent', plan: { lead: 'SHCP-UIF', support: [] } },
  { step: 'draft' },
  { step: 'clarification_requested' },
  { step: 'withdrawn' },
  { step: 'rejected' },
  { step: 'in_analysis' },
  { step: 'responses_received', plan: { lead: 'FGR-INT', support: ['DEFENSA'] } },
];

const DEMO_ANSWERS: Record<string, string> = {
  'FGR-INT': 'Fictitious: FGR-INT located the records requested; see annex A.',
  'SSPC-SIIP': 'Fictitious: no matching records in the federal registry.',
  'SHCP-UIF': 'Fictitious: UIF reviewed the accounts named; a summary of movements is attached.',
  DEFENSA: 'Fictitious: the army registry shows two of the firearms as registered in 2019.',
};

const TYPE_TITLES: Record<string, string> = {
  extradition_provisional_arrest: 'Provisional arrest for extradition',
  firearms_trace: 'Recovery data for traced firearms',
  verification: 'Joint verification of a suspected laboratory',
  financial_intelligence: 'Financial intelligence on a laundering network',
  public_health: 'Overdose surveillance data exchange',
  intelligence: 'Time-critical lead on a trafficking network',
  advance_notice: 'Advance notice of an indictment unsealing',
  meeting_authorization: 'Meeting with Mexican officials on cargo theft',
};

/**
 * On a start reachable from other machines, the demo accounts' published password must go: each must set its
 * own at first sign-in (unless it already did). Returns how many accounts were marked.
 */
export async function requireDemoPasswordChange(db: DataSource): Promise<number> {
  const [{ n }] = await db.query<Array<{ n: number }>>(
    `WITH marked AS (
       UPDATE users SET password_change_required = true
        WHERE email = ANY($1) AND password_changed_at IS NULL AND NOT password_change_required RETURNING 1)
     SELECT count(*)::int AS n FROM marked`,
    [DEMO_USERS.map((u) => u.email)],
  );
  return n;
}

export async function isDatabaseEmpty(db: DataSource): Promise<boolean> {
  const [{ n }] = (await db.query(
    `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM requests) AS n`,
  )) as Array<{ n: string }>;
  return Number(n) === 0;
}

/**
 * Demo users and the fictitious sample requests, taken through the real lifecycle (audit events and outbox
 * rows included). Users are upserted by e-mail; requests are added only when there are none.
 */
export async function seedDemo(db: DataSource, password: string): Promise<{ users: number; requests: number }> {
  const hash = await hashPassword(password);
  for (const u of DEMO_USERS) {
    await db.query(
      `INSERT INTO users (email, display_name, password_hash, role, agency, language) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role,
         agency = EXCLUDED.agency, language = EXCLUDED.language`,
      [u.email, u.displayName, hash, u.role, u.agency, u.language],
    );
  }
  // Each demo agency e-mails its notices to its demo users, each in their own language (no language is set on
  // the contact, so the user's applies). Demo data only: real agencies' addresses are entered by administrators.
  for (const u of DEMO_USERS) {
    if (!u.agency) continue;
    await db.query(
      `INSERT INTO agency_email_contacts (agency, email) VALUES ($1, $2) ON CONFLICT (agency, email) DO NOTHING`,
      [u.agency, u.email],
    );
  }
  const [{ n }] = (await db.query(`SELECT count(*) AS n FROM requests`)) as Array<{ n: string }>;
  if (Number(n) > 0) return { users: DEMO_USERS.length, requests: 0 };

  const audit = new AuditWriter();
  const outbox = new OutboxWriter();
  const reference = new ReferenceRepository(db);
  const clocks = new ClockPlanner(reference);
  const effects = new EffectsWriter(outbox, clocks);
  const runner = new TransitionRunner(db, audit, effects);
  const lifecycle = new RequestLifecycleService(runner, clocks, reference);
  const assignmentLifecycle = new AssignmentLifecycleService(runner, clocks, reference);
  const routing = new RoutingService(db, reference, assignmentLifecycle);
  const advanceNotice = new AdvanceNoticeService(reference, audit, effects, clocks);
  const queries = new RequestQueriesService(db, audit, routing);
  const intake = new RequestIntakeService(db, lifecycle, reference, audit, advanceNotice, queries);
  const actions = new RequestActionsService(db, lifecycle, reference, audit, effects, routing, advanceNotice, queries);
  const register = new RegisterRequestHandler(db, lifecycle, reference, routing);
  const assignments = new AssignmentsService(db, assignmentLifecycle, lifecycle, reference, audit, effects);
  const deliver = new DeliverRoundHandler(new AssignmentDelivery(db, audit, effects, clocks, reference));
  const consolidate = new ConsolidateRequestHandler(db, lifecycle);
  const inbox = new NotificationsService(db, audit, clocks);
  const user = async (email: string): Promise<SessionUser> => {
    const [row] = (await db.query(
      `SELECT id, email, display_name, role, agency, language FROM users WHERE email = $1`,
      [email],
    )) as Array<Record<string, string>>;
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role as Role,
      agency: row.agency,
      language: row.language as 'en' | 'es',
      mustChangePassword: false,
    };
  };
  const hub = await user('hub@demo.test');
  const ctx = { ...SYSTEM_CONTEXT, correlationId: 'demo-seed' };

  let created = 0;
  for (const [i, { step, plan }] of STEPS.entries()) {
    const sample = samplesDoc.requests[i % samplesDoc.requests.length];
    const liaison = DEMO_USERS.find((u) => u.role === 'liaison' && u.agency === sample.requestingAgency);
    if (!liaison) continue;
    const author = await user(liaison.email);
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const view = (
      await intake.create(
        author,
        {
          draft: step === 'draft',
          type: sample.requestType,
          topics: sample.topics,
          priority: sample.priority as 'P1' | 'P2' | 'P3' | 'P4',
          title: TYPE_TITLES[sample.requestType] ?? sample.requestType,
          summary: sample.summary,
          language: 'en',
          classification: 'UNCLASSIFIED//LES',
          handlingCode: 'H2',
          locations: sample.location ? [sample.location] : [],
          subjects: sample.flags.involvesMexicanOfficials
            ? [{ kind: 'person', name: 'Fictitious official', isMexicanOfficial: true }]
            : [],
          usPersonnelOnMexicanSoil: sample.flags.usPersonnelOnMexicanSoil,
          diplomaticNoteNumber: sample.noteNumber ?? undefined,
          proposedActionAt:
            sample.noSurprises === 'notice' || sample.noSurprises === 'authorization' ? inTwoWeeks : undefined,
          actionKind: sample.noSurprises === 'notice' || sample.noSurprises === 'authorization' ? 'planned' : undefined,
        },
        undefined,
        ctx,
      )
    ).body as { id: string; version: number };
    created++;
    if (step === 'draft') continue;
    await register.handle({ requestId: view.id });
    const act = async (
      who: SessionUser,
      action:
        | 'claim'
        | 'request_clarification'
        | 'reject'
        | 'withdraw'
        | 'request_authorization'
        | 'route'
        | 'release_response',
      extra: Omit<ActionDto, 'version'> = {},
    ) => {
      const [{ version }] = (await db.query(`SELECT version FROM requests WHERE id = $1`, [view.id])) as Array<{
        version: number;
      }>;
      await actions.act(who, view.id, action, { version, ...extra }, ctx);
    };
    /**
     * NS-3: the hub and the lead acknowledge the notices that require it, as they would in the app, so that
     * the lead may start (each change delivered its notices in-app in its own transaction).
     */
    const acknowledgeNotices = async () => {
      const notices = (await db.query(
        `SELECT id, recipient_agency FROM notifications WHERE request_id = $1 AND ack_required AND acknowledged_at IS NULL`,
        [view.id],
      )) as Array<{ id: string; recipient_agency: string }>;
      for (const n of notices) {
        const demo = DEMO_USERS.find((u) => u.agency === n.recipient_agency && u.role !== 'liaison');
        if (demo) await inbox.acknowledge(await user(demo.email), n.id, 'en', ctx);
      }
    };
    /** Routes, runs the deliveries the worker would run, and has each agency accept (and answer). */
    const work = async (answer: boolean) => {
      await act(hub, 'claim');
      // The hub acknowledges the registration notice before it routes (NS-3: no action before clearance).
      await acknowledgeNotices();
      // The demo routes to agencies with demo users, which may differ from the rules' proposal: said why.
      await act(hub, 'route', { ...plan!, reason: 'Routed to the agencies that hold the records.' });
      const jobs = (await db.query(
        `SELECT payload FROM outbox WHERE job_name = 'assignment.deliver_round' AND payload->>'requestId' = $1`,
        [view.id],
      )) as Array<{ payload: JobPayloads[JobName.DeliverRound] }>;
      for (const { payload } of jobs) await deliver.handle(payload);
      await acknowledgeNotices();
      const rows = (await db.query(`SELECT id, agency FROM assignments WHERE request_id = $1 ORDER BY role`, [
        view.id,
      ])) as Array<{ id: string; agency: string }>;
      for (const a of rows) {
        const officer = await user(DEMO_USERS.find((u) => u.agency === a.agency)!.email);
        const accepted = await assignments.act(officer, a.id, 'accept', { version: 1 }, ctx);
        if (answer) {
          await assignments.act(
            officer,
            a.id,
            'respond',
            { version: accepted.version, reason: DEMO_ANSWERS[a.agency] ?? 'Fictitious answer.' },
            ctx,
          );
        }
      }
      if (answer) await consolidate.handle({ requestId: view.id });
    };
    switch (step) {
      case 'registered':
        break;
      case 'in_analysis':
        await act(hub, 'claim');
        break;
      case 'clarification_requested':
        await act(hub, 'claim');
        await act(hub, 'request_clarification', {
          reason: 'Please state the exact site and the number of US personnel who would travel.',
        });
        break;
      case 'rejected':
        await act(hub, 'claim');
        await act(hub, 'reject', {
          reason: 'Outside the scope of the single window: file through the GANS meeting procedure.',
        });
        break;
      case 'withdrawn':
        await act(author, 'withdraw', { reason: 'The action was postponed; a new notice will follow.' });
        break;
      case 'awaiting_authorization':
        await act(hub, 'claim');
        await act(hub, 'request_authorization');
        break;
      case 'in_progress':
        await work(false);
        break;
      case 'responses_received':
        await work(true);
        break;
      case 'response_sent':
        await work(true);
        await act(hub, 'release_response', {
          response: 'Fictitious: the Mexican agencies consulted answer as follows, through this window.',
        });
        break;
    }
  }
  return { users: DEMO_USERS.length, requests: created };
}
