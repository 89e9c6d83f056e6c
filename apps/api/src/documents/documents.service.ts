import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import {
  recordPdf,
  replyPdf,
  type DocFile,
  type DocIssue,
  type DocLanguage,
  type DocRequest,
} from '@ventanilla/documents/pdf/official-documents.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { RequestQueriesService } from '../requests/request-queries.service.js';
import { TranslationsService } from '../translations/translations.service.js';

/** Who may read the reply: the requesting agency, the hub and auditors (an agency never reads another's answer). */
const REPLY_READERS = new Set(['liaison', 'hub_coordinator', 'auditor']);

/**
 * The documents of the record as PDF: the request as the caller may see it, and SRE-SSAN's reply letter. Each
 * is built only from what the caller may see (the same services as the API's views), stamped with the time,
 * the caller and the audit chain's head, and its issue is itself audited with that head.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly requests: RequestQueriesService,
    private readonly attachments: AttachmentsService,
    private readonly translations: TranslationsService,
  ) {}

  async record(
    user: SessionUser,
    id: string,
    language: DocLanguage,
    ctx: CallContext,
  ): Promise<{ folio: string | null; pdf: Readable }> {
    const request = (await this.requests.get(user, id, ctx)) as unknown as DocRequest;
    const [timeline, files, translations] = await Promise.all([
      this.requests.timeline(user, id, ctx),
      this.attachments.list(user, id, ctx),
      this.translations.list(user, id, ctx),
    ]);
    const assigned = await this.assignedAsSeenBy(user, request.id);
    const issue = await this.issue(user, request.id, 'document.record_issued', ctx);
    // Audit steps and notice steps share one shape (occurredAt, action, statuses, actor, reason).
    const history = timeline.items.map((e) => ({
      occurredAt: e.occurredAt,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      who: [e.actor.role, e.actor.agency].filter(Boolean).join(' · '),
      reason: e.reason,
    }));
    const pdf = recordPdf({
      language,
      request,
      assigned,
      history,
      files: files.items as DocFile[],
      translations: translations.items.map((t) => ({
        ofKind: t.of.kind,
        ofId: t.of.id,
        language: t.language,
        text: t.text,
        createdAt: t.createdAt,
      })),
      issue,
    });
    return { folio: request.folio, pdf };
  }

  async reply(user: SessionUser, id: string, ctx: CallContext): Promise<{ folio: string | null; pdf: Readable }> {
    const request = (await this.requests.get(user, id, ctx)) as unknown as DocRequest;
    if (!REPLY_READERS.has(user.role) || !request.response) throw AppError.notFound();
    const released = await this.db.query<Array<DocFile & { uploaded_at: Date }>>(
      `SELECT filename, size::float8 AS size, sha256, context, uploaded_at AS "uploadedAt",
              json_build_object('role', uploaded_role, 'agency', agency) AS "uploadedBy"
         FROM attachments WHERE request_id = $1 AND released_at IS NOT NULL AND withdrawn_at IS NULL
        ORDER BY uploaded_at, id`,
      [request.id],
    );
    const translations = await this.translations.list(user, id, ctx);
    const issue = await this.issue(user, request.id, 'document.reply_issued', ctx);
    const pdf = replyPdf({
      language: request.language === 'es' ? 'es' : 'en',
      request,
      files: released,
      translations: translations.items.map((t) => ({
        ofKind: t.of.kind,
        ofId: t.of.id,
        language: t.language,
        text: t.text,
        createdAt: t.createdAt,
      })),
      issue,
    });
    return { folio: request.folio, pdf };
  }

  /** Need-to-know for assignments, as the assignment routes apply it; the requester sees none (NS-1). */
  private async assignedAsSeenBy(
    user: SessionUser,
    requestId: string,
  ): Promise<Array<{ agency: string; role: string; status: string }> | null> {
    if (user.role === 'hub_coordinator' || user.role === 'auditor') {
      return this.db.query(`SELECT agency, role, status FROM assignments WHERE request_id = $1 ORDER BY created_at`, [
        requestId,
      ]);
    }
    if (user.role === 'agency_coordinator') {
      return this.db.query(
        `SELECT agency, role, status FROM assignments WHERE request_id = $1 AND agency = $2 ORDER BY created_at`,
        [requestId, user.agency],
      );
    }
    return null;
  }

  /** The stamp of an issued document, audited: when, to whom, and the sealed chain's head it cites. */
  private async issue(user: SessionUser, requestId: string, action: string, ctx: CallContext): Promise<DocIssue> {
    const [head] = await this.db.query<Array<{ seq: string; hash: string }>>(
      `SELECT seq::text AS seq, encode(hash, 'hex') AS hash FROM audit_chain ORDER BY seq DESC LIMIT 1`,
    );
    const issuedAt = new Date();
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action,
          objectType: 'request',
          objectId: requestId,
          requestId,
          details: { chainHead: head ?? null, issuedAt: issuedAt.toISOString() },
        },
        ctx,
      ),
    );
    return { issuedAt, issuedTo: `${user.email} (${user.role})`, chainHead: head ?? null };
  }
}
