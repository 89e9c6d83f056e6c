import type pg from 'pg';
import { ANSWERS_SQL, TEXT_COLUMNS } from './searchable-text.js';

/**
 * A plausible history for the queue-listing benchmark, written with generate_series in a few statements:
 * one request every 90 seconds, so a million is about three years. What is older than the last
 * `recent` requests (~7 weeks) is finished (closed, rejected, withdrawn, denied), but for one in two
 * thousand still stuck in progress and long overdue; the recent ones are a working mix of every hub queue
 * with deadlines from three days overdue to eleven days ahead (about 19,000 open). Every routed request
 * has a lead assignment (FGR-INT) and the open routed ones a support (SSPC-SIIP); one support in fifty is
 * waiting for an answer to its question, one lead in ninety-seven declined.
 */
export interface MillionRequestsOptions {
  total: number;
  /** The liaison recorded as author of every request. */
  creatorId: string;
  /** Hub coordinators who claimed the claimed ones, alternately. */
  claimers: [string, string];
  /** How many of the newest requests are a live mix; the older ones are finished. */
  recent?: number;
  /**
   * Searchable text (the search benchmark): titles and summaries in Spanish and English, subjects, places, and
   * the lead agency's answer on every answered assignment. Without it every request says the same thing.
   */
  text?: boolean;
}

const FINISHED = `CASE WHEN s < 730 THEN 'closed' WHEN s < 890 THEN 'rejected' WHEN s < 980 THEN 'withdrawn'
  ELSE 'authorization_denied' END`;

const RECENT_MIX = `CASE WHEN s < 500 THEN 'closed' WHEN s < 560 THEN 'rejected' WHEN s < 600 THEN 'withdrawn'
  WHEN s < 610 THEN 'authorization_denied' WHEN s < 620 THEN 'draft' WHEN s < 700 THEN 'registered'
  WHEN s < 750 THEN 'in_analysis' WHEN s < 760 THEN 'clarification_requested'
  WHEN s < 770 THEN 'awaiting_authorization' WHEN s < 850 THEN 'routed' WHEN s < 940 THEN 'in_progress'
  WHEN s < 975 THEN 'responses_received' ELSE 'response_sent' END`;

/** Seeds the requests and their assignments, analyses both tables; returns the seconds it took. */
export async function seedMillionRequests(client: pg.ClientBase, opts: MillionRequestsOptions): Promise<number> {
  const t0 = performance.now();
  const recent = opts.recent ?? 50_000;
  const t = TEXT_COLUMNS;
  const text = opts.text
    ? {
        title: t.title('lang', 'name1'),
        summary: t.summary('lang', 'name1'),
        language: 'lang',
        subjects: t.subjects('name1'),
        locations: t.locations,
        inner: `, ${t.hashes}`,
        derived: `, ${t.language} AS lang, ${t.name1} AS name1`,
      }
    : {
        title: `'Bench request ' || i`,
        summary: `'Generated for the queue-listing benchmark'`,
        language: `'en'`,
        subjects: `'[]'::jsonb`,
        locations: `'{}'::text[]`,
        inner: '',
        derived: '',
      };
  // Indexes stay in place while loading, as they would in production; the load is not what is measured.
  await client.query(
    `INSERT INTO requests (folio, status, type, topics, priority, title, summary, language, classification,
       handling_code, requesting_agency, created_by, claimed_by, escalation_level, needs_authorization,
       submitted_at, registered_at, next_due_at, next_risk_at, closed_at, created_at, updated_at, routing_round,
       subjects, locations)
     SELECT 'SRE-BENCH-' || lpad(i::text, 7, '0'), st,
       (ARRAY['information', 'mutual_legal_assistance', 'firearms_trace', 'fugitive_location'])[1 + i % 4],
       ARRAY[(ARRAY['firearms', 'fentanyl_synthetics', 'money_laundering', 'migrant_smuggling'])[1 + i % 4]],
       'P' || (1 + i % 4), ${text.title}, ${text.summary}, ${text.language}, 'SBU', 'H1',
       (ARRAY['DEA', 'HSI', 'FBI', 'ATF'])[1 + i % 4], $1::uuid,
       CASE WHEN st IN ('registered', 'draft') THEN NULL WHEN i % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
       CASE WHEN open AND NOT young THEN 'L2' WHEN open AND i % 37 = 0 THEN 'L1' ELSE 'L0' END,
       st = 'awaiting_authorization' OR i % 23 = 0,
       created, created, due, due - interval '1 day',
       CASE WHEN NOT open AND st <> 'draft' THEN created + interval '20 days' END,
       created, created,
       CASE WHEN st IN ('routed', 'in_progress', 'responses_received', 'response_sent', 'closed') THEN 1 ELSE 0 END,
       ${text.subjects}, ${text.locations}
     FROM (
       SELECT *${text.derived},
         CASE WHEN NOT open OR st = 'clarification_requested' THEN NULL
              WHEN young THEN date_trunc('milliseconds', now() + ((i::bigint * 7919) % 20000) * interval '1 minute' - interval '3 days')
              ELSE created + interval '10 days' END AS due
       FROM (
         SELECT *, st NOT IN ('closed', 'rejected', 'withdrawn', 'authorization_denied', 'draft') AS open,
           now() - ($4::int - i) * interval '90 seconds' AS created
         FROM (
           SELECT *,
             CASE WHEN young THEN ${RECENT_MIX} WHEN i % 2000 = 7 THEN 'in_progress' ELSE ${FINISHED} END AS st
           FROM (SELECT i, i % 1000 AS s, i > $4::int - $5::int AS young${text.inner} FROM generate_series(1, $4::int) i) g
         ) g2
       ) g3
     ) g4`,
    [opts.creatorId, opts.claimers[0], opts.claimers[1], opts.total, recent],
  );
  await client.query(
    `INSERT INTO assignments (request_id, agency, role, round, status, response_due_at, delivered_at, created_at, updated_at)
     SELECT r.id, 'FGR-INT', 'lead', 1,
       CASE WHEN r.status IN ('closed', 'responses_received', 'response_sent') THEN 'responded'
            WHEN r.status IN ('routed', 'in_progress') AND hashtext(r.id::text) % 97 = 0 THEN 'declined'
            WHEN r.status = 'in_progress' THEN 'accepted' ELSE 'pending' END,
       r.next_due_at, r.created_at, r.created_at, r.created_at
     FROM requests r WHERE r.routing_round = 1 AND r.folio LIKE 'SRE-BENCH-%'`,
  );
  await client.query(
    `INSERT INTO assignments (request_id, agency, role, round, status, response_due_at, delivered_at, created_at, updated_at)
     SELECT r.id, 'SSPC-SIIP', 'support', 1,
       CASE WHEN hashtext(r.id::text) % 50 = 0 THEN 'clarification_requested' ELSE 'accepted' END,
       r.next_due_at, r.created_at, r.created_at, r.created_at
     FROM requests r WHERE r.status IN ('routed', 'in_progress') AND r.folio LIKE 'SRE-BENCH-%'`,
  );
  if (opts.text) await client.query(ANSWERS_SQL, [opts.creatorId]);
  await client.query('ANALYZE requests');
  await client.query('ANALYZE assignments');
  if (opts.text) await client.query('ANALYZE assignment_responses');
  return (performance.now() - t0) / 1000;
}
