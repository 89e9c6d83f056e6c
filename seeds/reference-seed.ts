import type { DataSource, EntityManager } from 'typeorm';
import agenciesDoc from './data/agencies.json' with { type: 'json' };
import handlingDoc from './data/handling.json' with { type: 'json' };
import requestTypesDoc from './data/request-types.json' with { type: 'json' };
import routingDoc from './data/routing.json' with { type: 'json' };
import slaDoc from './data/sla.json' with { type: 'json' };
import topicsDoc from './data/topics.json' with { type: 'json' };
import { mexicanFederalHolidays } from './holidays.js';

/** Years whose holidays are loaded: last year to five years ahead of the seed run. */
const holidayYears = (now: Date) => Array.from({ length: 7 }, (_, i) => now.getUTCFullYear() - 1 + i);

async function upsert(
  m: EntityManager,
  table: string,
  key: string,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const values: unknown[] = [];
  const tuples = rows.map(
    (row, r) =>
      `(${columns
        .map((c, i) => {
          values.push(row[c]);
          return `$${r * columns.length + i + 1}`;
        })
        .join(', ')})`,
  );
  const updates = columns.filter((c) => c !== key).map((c) => `${c} = EXCLUDED.${c}`);
  await m.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}
     ON CONFLICT (${key}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    values,
  );
}

/**
 * Loads the reference data (agencies, topics, request types, SLA policies, notice lead times, handling codes,
 * holidays and the first routing rule set). Safe to run any number of times: rows are upserted by code, and a routing
 * rule set is only added when none exists, so admin edits (new versions) survive a re-seed.
 */
export async function seedReference(db: DataSource, now = new Date()): Promise<void> {
  await db.transaction(async (m) => {
    await upsert(
      m,
      'agencies',
      'code',
      agenciesDoc.agencies.map((a) => ({
        code: a.code,
        country: a.country,
        name_en: a.nameEn,
        name_es: a.nameEs,
        parent: a.parent,
        role: a.role,
        topics: a.topics ?? [],
        aliases: a.aliases ?? [],
        description: a.description ?? null,
      })),
    );
    await upsert(
      m,
      'topics',
      'code',
      topicsDoc.topics.map((t) => ({
        code: t.code,
        name_en: t.nameEn,
        name_es: t.nameEs,
        specialised_request_types: t.specialisedRequestTypes ?? [],
        note: t.note ?? null,
      })),
    );
    await upsert(
      m,
      'request_types',
      'code',
      requestTypesDoc.requestTypes.map((t) => ({
        code: t.code,
        family: t.family,
        name_en: t.nameEn,
        name_es: t.nameEs,
        definition: t.definition ?? null,
        definition_es: t.definitionEs ?? null,
        legal_basis: t.legalBasis ?? null,
        no_surprises: t.noSurprises,
        also_report: t.alsoReport ?? false,
        default_priority: t.defaultPriority,
        channels: t.channels ?? [],
      })),
    );
    await upsert(
      m,
      'sla_policies',
      'priority',
      slaDoc.priorities.map((p) => {
        const { code, nameEn, nameEs, calendar, escalation, ...targets } = p;
        return {
          priority: code,
          name_en: nameEn,
          name_es: nameEs,
          calendar,
          targets: JSON.stringify(targets),
          escalation: JSON.stringify(escalation),
        };
      }),
    );
    await upsert(
      m,
      'notice_lead_times',
      'code',
      slaDoc.noticeLeadTimes.map((n) => ({
        code: n.code,
        name_en: n.nameEn,
        min_lead_time: n.minLeadTime ? JSON.stringify({ value: n.minLeadTime.value, unit: n.minLeadTime.unit }) : null,
        post_action_report_within: n.postActionReportWithin
          ? JSON.stringify({ value: n.postActionReportWithin.value, unit: n.postActionReportWithin.unit })
          : null,
        rule: n.rule,
      })),
    );
    await upsert(
      m,
      'handling_codes',
      'code',
      handlingDoc.handlingCodes.map((h) => ({ code: h.code, meaning_en: h.meaning })),
    );
    await upsert(m, 'holidays', 'date', holidayYears(now).flatMap(mexicanFederalHolidays));
    await m.query(
      `INSERT INTO routing_rule_sets (version, document, created_by) SELECT 1, $1, 'seed'
       WHERE NOT EXISTS (SELECT 1 FROM routing_rule_sets)`,
      [JSON.stringify(routingDoc)],
    );
  });
}
