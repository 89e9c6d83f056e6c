import { createPublicKey, type KeyObject } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BreakKind } from '@ventanilla/audit/audit-chain.js';
import { streamCsvExport } from '@ventanilla/audit/audit-csv.js';
import type { ExportFilters, ExportLine } from '@ventanilla/audit/audit-export.js';
import { keyIdOf, publicKeyPem, type Checkpoint } from '@ventanilla/audit/audit-signing.js';
import {
  readCheckpoints,
  streamExport,
  verifyStoredChain,
  type StoredChainVerdict,
} from '@ventanilla/audit/audit-store.js';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { utcMicros } from '@ventanilla/audit/sealed-event.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { isUuid, keysetSort, type SortKey } from '@ventanilla/http/keyset-cursor.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { message, type Language, type MessageCode } from '@ventanilla/http/messages.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import type { AuditEventsQuery, AuditExportQuery, AuditSort, CheckpointsQuery } from './audit.dto.js';

/** One audit event as auditors see it: who, in which role and agency, did what to what, when, from where. */
export interface AuditEventView {
  id: string;
  /** UTC, microseconds. */
  occurredAt: string;
  actor: {
    userId: string | null;
    email: string | null;
    displayName: string | null;
    role: string;
    agency: string | null;
  };
  action: string;
  object: { type: string; id: string | null };
  requestId: string | null;
  folio: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  changedFields: unknown;
  outcome: string;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
  details: unknown;
  /** Where the event sits in the hash chain; null until the sealer has reached it. */
  seal: { seq: number; hash: string; sealedAt: string } | null;
}

export interface VerifyView extends StoredChainVerdict {
  /** The verdict in the caller's language. */
  message: string;
  keyId: string | null;
}

const BREAK_MESSAGES: Record<BreakKind, MessageCode> = {
  changed: 'AUDIT.BREAK_CHANGED',
  missing: 'AUDIT.BREAK_MISSING',
  inserted: 'AUDIT.BREAK_INSERTED',
  're-chained': 'AUDIT.BREAK_RECHAINED',
  'bad-signature': 'AUDIT.BREAK_BAD_SIGNATURE',
};

@Injectable()
export class AuditService {
  private readonly publicKey: KeyObject | null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditWriter,
  ) {
    this.publicKey = config.auditPublicKey ? createPublicKey(config.auditPublicKey) : null;
    if (!this.publicKey && config.env === 'production') {
      new Logger('AuditService').warn(
        'no AUDIT_SIGNING_KEY or AUDIT_PUBLIC_KEY: /api/audit/verify cannot check checkpoint signatures',
      );
    }
  }

  publicKeyView(): { algorithm: 'Ed25519'; keyId: string; publicKeyPem: string } {
    if (!this.publicKey) throw new AppError('AUDIT.NO_SIGNING_KEY', HttpStatus.NOT_FOUND);
    return { algorithm: 'Ed25519', keyId: keyIdOf(this.publicKey), publicKeyPem: publicKeyPem(this.publicKey) };
  }

  /** The in-database check of the whole chain; the attempt and its verdict are audited. */
  async verify(user: SessionUser, lang: Language, ctx: CallContext): Promise<VerifyView> {
    const verdict = await verifyStoredChain(this.db, this.publicKey);
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'audit.verify',
          objectType: 'audit',
          objectId: null,
          outcome: 'success',
          details: {
            ok: verdict.ok,
            headSeq: verdict.headSeq,
            break: verdict.break ? { seq: verdict.break.seq, kind: verdict.break.kind } : null,
          },
        },
        ctx,
      ),
    );
    const text = verdict.break
      ? message(BREAK_MESSAGES[verdict.break.kind], lang, { seq: verdict.break.seq })
      : message('AUDIT.CHAIN_INTACT', lang, {
          events: verdict.checkedEvents,
          checkpoints: verdict.checkpoints.checked,
        });
    return { ...verdict, message: text, keyId: this.publicKey ? keyIdOf(this.publicKey) : null };
  }

  async checkpoints(query: CheckpointsQuery): Promise<Page<Checkpoint>> {
    const limit = query.limit ?? 50;
    let afterSeq = 0;
    if (query.cursor !== undefined) {
      if (!/^\d{1,18}$/.test(query.cursor)) throw invalidCursor();
      afterSeq = Number(query.cursor);
    }
    const rows = await readCheckpoints(this.db.manager, { afterSeq, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return { items: page, nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null };
  }

  /** Streams the JSON Lines export; records who exported what before the first line goes out. */
  async export(
    user: SessionUser,
    query: AuditExportQuery,
    ctx: CallContext,
    write: (line: ExportLine) => Promise<boolean>,
  ): Promise<void> {
    const filters = await this.exportFilters(user, query, ctx);
    await streamExport(this.db, filters, this.publicKey, write);
  }

  /** Streams the CSV export (see audit-csv.ts), audited like the JSON Lines one. */
  async exportCsv(
    user: SessionUser,
    query: AuditExportQuery,
    ctx: CallContext,
    write: (chunk: string) => Promise<boolean>,
  ): Promise<void> {
    const filters = await this.exportFilters(user, query, ctx);
    await streamCsvExport(this.db, filters, write);
  }

  /**
   * Checks the filters, resolves a folio to its request (404 if none), and records the export. A folio
   * exports exactly what its request id does: the file names the request id, the audit record both.
   */
  private async exportFilters(user: SessionUser, query: AuditExportQuery, ctx: CallContext): Promise<ExportFilters> {
    let requestId = query.requestId;
    const folio = query.folio?.trim();
    if (folio !== undefined) {
      const [found] = (await this.db.query(`SELECT id FROM requests WHERE folio = $1`, [folio])) as Array<{
        id: string;
      }>;
      if (!found) throw AppError.notFound('REQUEST');
      if (requestId !== undefined && requestId.toLowerCase() !== found.id) {
        throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'folio', code: 'mismatch' }]);
      }
      requestId = found.id;
    }
    const filters: ExportFilters = { requestId, from: query.from, to: query.to };
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'audit.export',
          objectType: 'audit',
          objectId: null,
          requestId: requestId ?? null,
          outcome: 'success',
          details: {
            filters: { ...filters, ...(folio !== undefined ? { folio } : {}) },
            format: query.format ?? 'jsonl',
          },
        },
        ctx,
      ),
    );
    return filters;
  }

  /** The auditors' search, newest first, with keyset pagination on (occurred_at, id). */
  async search(query: AuditEventsQuery): Promise<Page<AuditEventView>> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.requestId) add((p) => `e.request_id = ${p}`, query.requestId);
    if (query.folio) add((p) => `e.request_id = (SELECT id FROM requests WHERE folio = ${p})`, query.folio);
    if (query.actor === 'system') where.push(`e.actor_role = 'system'`);
    else if (query.actor && isUuid(query.actor)) add((p) => `e.actor_user_id = ${p}`, query.actor);
    else if (query.actor) {
      add((p) => `e.actor_user_id = (SELECT id FROM users WHERE lower(email) = lower(${p}))`, query.actor);
    }
    if (query.agency) add((p) => `e.actor_agency = ${p}`, query.agency);
    if (query.action?.endsWith('*')) {
      add((p) => `e.action LIKE ${p}`, `${query.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    } else if (query.action) add((p) => `e.action = ${p}`, query.action);
    if (query.outcome) add((p) => `e.outcome = ${p}`, query.outcome);
    if (query.from) add((p) => `e.occurred_at >= ${p}`, query.from);
    if (query.to) add((p) => `e.occurred_at < ${p}`, query.to);
    const sorting = keysetSort(AUDIT_SORT_KEYS, query.sort ?? 'occurred', query.order);
    if (query.cursor) {
      const c = sorting.decode(query.cursor);
      params.push(c.value, c.id);
      where.push(sorting.after('e.id', `$${params.length - 1}`, `$${params.length}`));
    }
    const dir = sorting.order === 'asc' ? 'ASC' : 'DESC';
    params.push(limit + 1);
    const rows = (await this.db.query(
      `SELECT e.id, ${utcMicros('e.occurred_at')} AS occurred_at, e.actor_user_id, u.email, u.display_name,
              e.actor_role, e.actor_agency, e.action, e.object_type, e.object_id, e.request_id, r.folio,
              e.from_status, e.to_status, e.changed_fields, e.outcome, e.reason, e.ip, e.user_agent,
              e.correlation_id, e.details, c.seq, encode(c.hash, 'hex') AS hash, ${utcMicros('c.sealed_at')} AS sealed_at,
              ${sorting.select} AS sort_key
         FROM audit_events e
         LEFT JOIN users u ON u.id = e.actor_user_id
         LEFT JOIN requests r ON r.id = e.request_id
         LEFT JOIN audit_chain c ON c.event_id = e.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${sorting.expr} ${dir}, e.id ${dir}
        LIMIT $${params.length}`,
      params,
    )) as Array<Record<string, unknown>>;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor: rows.length > limit && last ? sorting.encode(last.sort_key, String(last.id)) : null,
    };
  }
}

/** Sort keys on alias `e`; events without an agency (the system, auditors, administrators) sort first. */
const AUDIT_SORT_KEYS: Record<AuditSort, SortKey> = {
  occurred: { sql: 'e.occurred_at', kind: 'instant', order: 'desc' },
  action: { sql: 'e.action', kind: 'text', order: 'asc' },
  outcome: { sql: 'e.outcome', kind: 'text', order: 'asc' },
  agency: { sql: `COALESCE(e.actor_agency, '')`, kind: 'text', order: 'asc' },
  role: { sql: 'e.actor_role', kind: 'text', order: 'asc' },
};

/** node-postgres gives text and uuid columns as strings. */
const str = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

function toView(r: Record<string, unknown>): AuditEventView {
  return {
    id: String(r.id),
    occurredAt: String(r.occurred_at),
    actor: {
      userId: str(r.actor_user_id),
      email: str(r.email),
      displayName: str(r.display_name),
      role: String(r.actor_role),
      agency: str(r.actor_agency),
    },
    action: String(r.action),
    object: { type: String(r.object_type), id: str(r.object_id) },
    requestId: str(r.request_id),
    folio: str(r.folio),
    fromStatus: str(r.from_status),
    toStatus: str(r.to_status),
    changedFields: r.changed_fields,
    outcome: String(r.outcome),
    reason: str(r.reason),
    ip: str(r.ip),
    userAgent: str(r.user_agent),
    correlationId: str(r.correlation_id),
    details: r.details,
    seal: r.seq === null ? null : { seq: Number(r.seq), hash: String(r.hash), sealedAt: String(r.sealed_at) },
  };
}

const invalidCursor = () =>
  new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'cursor', code: 'invalid' }]);
