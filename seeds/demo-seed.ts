import type { DataSource } from 'typeorm';
import { RequestsService } from '../apps/api/src/requests/requests.service.js';
import { RegisterRequestHandler } from '../apps/worker/src/handlers/register-request.handler.js';
import { AuditWriter, SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { hashPassword } from '@ventanilla/auth/password.js';
import type { Role } from '@ventanilla/domain/roles.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
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

type Step = 'draft' | 'registered' | 'in_analysis' | 'clarification_requested' | 'rejected' | 'withdrawn';

/** Where each sample request is left, so every screen has something to show. */
const STEPS: Step[] = [
  'in_analysis',
  'registered',
  'clarification_requested',
  'registered',
  'draft',
  'in_analysis',
  'withdrawn',
  'rejected',
];

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
  const [{ n }] = (await db.query(`SELECT count(*) AS n FROM requests`)) as Array<{ n: string }>;
  if (Number(n) > 0) return { users: DEMO_USERS.length, requests: 0 };

  const audit = new AuditWriter();
  const outbox = new OutboxWriter();
  const reference = new ReferenceRepository(db);
  const lifecycle = new RequestLifecycleService(db, audit, outbox);
  const requests = new RequestsService(db, lifecycle, reference, audit, outbox);
  const register = new RegisterRequestHandler(db, lifecycle, reference);
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
    };
  };
  const hub = await user('hub@demo.test');
  const ctx = { ...SYSTEM_CONTEXT, correlationId: 'demo-seed' };

  let created = 0;
  for (const [i, sample] of samplesDoc.requests.entries()) {
    const step = STEPS[i % STEPS.length];
    const liaison = DEMO_USERS.find((u) => u.role === 'liaison' && u.agency === sample.requestingAgency);
    if (!liaison) continue;
    const author = await user(liaison.email);
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const view = (
      await requests.create(
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
      action: 'claim' | 'request_clarification' | 'reject' | 'withdraw',
      reason?: string,
    ) => {
      const [{ version }] = (await db.query(`SELECT version FROM requests WHERE id = $1`, [view.id])) as Array<{
        version: number;
      }>;
      await requests.act(who, view.id, action, { version, reason }, ctx);
    };
    switch (step) {
      case 'registered':
        break;
      case 'in_analysis':
        await act(hub, 'claim');
        break;
      case 'clarification_requested':
        await act(hub, 'claim');
        await act(
          hub,
          'request_clarification',
          'Please state the exact site and the number of US personnel who would travel.',
        );
        break;
      case 'rejected':
        await act(hub, 'claim');
        await act(hub, 'reject', 'Outside the scope of the single window: file through the GANS meeting procedure.');
        break;
      case 'withdrawn':
        await act(author, 'withdraw', 'The action was postponed; a new notice will follow.');
        break;
    }
  }
  return { users: DEMO_USERS.length, requests: created };
}
