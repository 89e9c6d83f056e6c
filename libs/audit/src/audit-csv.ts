import type { DataSource } from 'typeorm';
import type { ExportFilters } from './audit-export.js';
import { inSnapshot } from './audit-store.js';
import { EVENT_COLUMNS, sealedEventFromRow, utcMicros } from './sealed-event.js';

/**
 * The spreadsheet export (GET /api/audit/export?format=csv): one row per sealed event, in sequence order,
 * for people rather than for the offline verifier (that one reads the JSON Lines export, which carries the
 * checkpoints and the chain links). RFC 4180: a header row, comma-separated, CRLF line ends, fields quoted
 * when they hold a quote, a comma or a line break. The file starts with a UTF-8 byte-order mark so that
 * Excel reads accents right. The column names never change; new columns go at the end.
 */
export const CSV_COLUMNS = [
  'seq',
  'sealedAt',
  'hash',
  'id',
  'occurredAt',
  'action',
  'outcome',
  'actorUserId',
  'actorEmail',
  'actorRole',
  'actorAgency',
  'objectType',
  'objectId',
  'requestId',
  'folio',
  'fromStatus',
  'toStatus',
  'reason',
  'changedFields',
  'details',
  'ip',
  'userAgent',
  'correlationId',
] as const;

export const CSV_BOM = '\uFEFF';

/** Rows read per round trip. */
const BATCH = 2000;

/**
 * One CSV field. Null is empty; JSON values are written as JSON. A text that a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, the
 * usual defence against CSV injection: anyone may type such a reason, and an auditor's Excel must not run it.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/**
 * Streams the CSV from one snapshot: the BOM and the header row, then the events. A request keeps its own
 * events; a time range keeps exactly the events that occurred in it (unlike the JSON Lines export, which
 * takes the whole stretch of chain so that its links can be checked). Events not yet sealed are left out,
 * as in the JSON Lines export. `write` may wait (back-pressure) and returns false to stop early.
 */
export async function streamCsvExport(
  db: DataSource,
  filters: ExportFilters,
  write: (chunk: string) => Promise<boolean>,
): Promise<void> {
  await inSnapshot(db, async (runner) => {
    if (!(await write(CSV_BOM + csvRow(CSV_COLUMNS)))) return;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filters.requestId) add((p) => `e.request_id = ${p}`, filters.requestId);
    if (filters.from) add((p) => `e.occurred_at >= ${p}`, filters.from);
    if (filters.to) add((p) => `e.occurred_at < ${p}`, filters.to);
    if (!filters.requestId && (filters.from || filters.to)) {
      // Bound the walk to the stretch of chain sealed around the range rather than the whole chain.
      const [r] = (await runner.query(
        `SELECT min(c.seq) AS first, max(c.seq) AS last FROM audit_events e JOIN audit_chain c ON c.event_id = e.id
          WHERE ${where.join(' AND ')}`,
        params,
      )) as Array<{ first: string | null; last: string | null }>;
      if (r.first === null) return;
      add((p) => `c.seq <= ${p}`, r.last);
      add((p) => `c.seq >= ${p}`, r.first);
    }
    params.push(0, BATCH);
    const afterParam = params.length - 1;
    const sql = `SELECT c.seq, ${utcMicros('c.sealed_at')} AS sealed_at, encode(c.hash, 'hex') AS hash,
                        ${EVENT_COLUMNS}, u.email AS actor_email, r.folio
                   FROM audit_chain c
                   JOIN audit_events e ON e.id = c.event_id
                   LEFT JOIN users u ON u.id = e.actor_user_id
                   LEFT JOIN requests r ON r.id = e.request_id
                  WHERE ${[...where, `c.seq > $${afterParam}`].join(' AND ')}
                  ORDER BY c.seq LIMIT $${afterParam + 1}`;
    for (;;) {
      const rows = (await runner.query(sql, params)) as Array<Record<string, unknown>>;
      for (const row of rows) {
        const e = sealedEventFromRow(row);
        if (!e) continue;
        const line = csvRow([
          Number(row.seq),
          row.sealed_at,
          row.hash,
          e.id,
          e.occurredAt,
          e.action,
          e.outcome,
          e.actorUserId,
          row.actor_email,
          e.actorRole,
          e.actorAgency,
          e.objectType,
          e.objectId,
          e.requestId,
          row.folio,
          e.fromStatus,
          e.toStatus,
          e.reason,
          e.changedFields,
          e.details,
          e.ip,
          e.userAgent,
          e.correlationId,
        ]);
        if (!(await write(line))) return;
      }
      if (rows.length < BATCH) return;
      params[afterParam - 1] = Number(rows[rows.length - 1].seq);
    }
  });
}
