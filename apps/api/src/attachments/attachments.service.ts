import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { AttachmentEntity } from '@ventanilla/database/entities/document.entity.js';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { attachmentScopeSql, parameters } from '@ventanilla/documents/attachment-scope.js';
import { blobStoreFor, KEY_PREFIX, type BlobStore } from '@ventanilla/documents/blob-store.js';
import { hasReadableText } from '@ventanilla/documents/text/attachment-text.js';
import { receiveUpload, UploadRefused } from '@ventanilla/documents/upload-receiver.js';
import { ANSWER_FILE_ASSIGNMENT_STATUSES, ATTACHMENT_UPLOADERS } from '@ventanilla/domain/attachment-uploaders.js';
import { ATTACHMENT_CONTEXTS, type AttachmentContext } from '@ventanilla/domain/notification-policy.js';
import { HANDLING_CODES, type RequestStatus } from '@ventanilla/domain/request-status.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import { AppError, type FieldError } from '@ventanilla/http/app-error.js';
import { UUID_PATTERN } from '@ventanilla/http/keyset-cursor.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { noticeContext, noticeOutbox, policyRequestOf } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestQueriesService } from '../requests/request-queries.service.js';

/** A file as the caller may see it. */
export interface AttachmentView {
  id: string;
  requestId: string;
  context: AttachmentContext;
  assignmentId: string | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  handlingCode: string;
  description: string | null;
  uploadedBy: { role: string; agency: string | null };
  uploadedAt: string;
  /** `answer` and `reply` files: when the hub released them to the requester with the reply. */
  releasedAt: string | null;
  /** Auditors only ever see withdrawn files; for them, when and why. */
  withdrawn: { at: string; reason: string | null } | null;
}

const UPLOAD_FIELDS = ['context', 'assignmentId', 'handlingCode', 'description'] as const;
const MAX_DESCRIPTION = 2000;

type Row = AttachmentEntity;

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, role: user.role, agency: user.agency });

export function toAttachmentView(a: Row, viewerRole: string): AttachmentView {
  return {
    id: a.id,
    requestId: a.requestId,
    context: a.context as AttachmentContext,
    assignmentId: a.assignmentId,
    filename: a.filename,
    contentType: a.contentType,
    size: Number(a.size),
    sha256: a.sha256,
    handlingCode: a.handlingCode,
    description: a.description,
    uploadedBy: { role: a.uploadedRole, agency: a.agency },
    uploadedAt: new Date(a.uploadedAt).toISOString(),
    releasedAt: a.releasedAt ? new Date(a.releasedAt).toISOString() : null,
    withdrawn:
      viewerRole === 'auditor' && a.withdrawnAt
        ? { at: new Date(a.withdrawnAt).toISOString(), reason: a.withdrawnReason }
        : null,
  };
}

/**
 * The files of the record: upload (streamed to the configured store, type sniffed, size capped), the list and
 * the bytes as the caller may see them (need-to-know in the query), deletion of a draft's file by its author,
 * withdrawal of any other (it stays for auditors). Every upload, download, withdrawal and refusal is audited
 * with the file's id and SHA-256.
 */
@Injectable()
export class AttachmentsService implements OnModuleDestroy {
  readonly store: BlobStore;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
    private readonly reference: ReferenceRepository,
    private readonly requests: RequestQueriesService,
  ) {
    this.store = blobStoreFor(config, db);
  }

  onModuleDestroy(): void {
    (this.store as { close?: () => void }).close?.();
  }

  async upload(user: SessionUser, requestId: string, req: IncomingMessage, ctx: CallContext): Promise<AttachmentView> {
    const request = await this.requests.findVisible(user, requestId, ctx);
    const refuse = async (error: AppError, details: Record<string, unknown> = {}): Promise<never> => {
      await this.denied(user, 'attachment.upload', null, request.id, error.code, details, ctx);
      throw error;
    };
    // Fail fast when the request is already full; the count is checked again, under a lock, at the end.
    if ((await this.liveCount(this.db.manager, request.id)) >= this.config.attachments.maxFiles) {
      return refuse(this.tooMany());
    }
    const key = `${KEY_PREFIX}${request.id}/${randomUUID()}`;
    let received: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      received = await receiveUpload(req, {
        maxBytes: this.config.attachments.maxBytes,
        store: this.store,
        key,
        fields: UPLOAD_FIELDS,
      });
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      const r = err.refusal;
      if (r.kind === 'too_large') {
        return refuse(new AppError('ATTACHMENT.TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, { max: r.maxBytes }));
      }
      if (r.kind === 'type') {
        return refuse(new AppError('ATTACHMENT.TYPE_REFUSED', HttpStatus.UNSUPPORTED_MEDIA_TYPE, { found: r.found }), {
          found: r.found,
        });
      }
      return refuse(new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, r.errors));
    }
    const { fields, file } = received;
    try {
      return await this.record(user, request, fields, file, ctx);
    } catch (err) {
      // Refused after the bytes were stored: they go, so nothing half-done remains.
      await this.store.remove(file.key).catch(() => undefined);
      if (err instanceof AppError) {
        await this.denied(
          user,
          'attachment.upload',
          null,
          request.id,
          err.code,
          { filename: file.filename, sha256: file.sha256 },
          ctx,
        );
      }
      throw err;
    }
  }

  /** Checks the text parts and the caller's right to add this kind of file now; writes the row, its audit and notices. */
  private async record(
    user: SessionUser,
    request: RequestEntity,
    fields: Record<string, string>,
    file: { key: string; filename: string; size: number; sha256: string; contentType: string },
    ctx: CallContext,
  ): Promise<AttachmentView> {
    const errors: FieldError[] = [];
    const context = (fields.context ?? 'request') as AttachmentContext;
    if (!ATTACHMENT_CONTEXTS.includes(context))
      errors.push({ field: 'context', code: 'isIn', params: { values: ATTACHMENT_CONTEXTS.join(', ') } });
    const handlingCode = fields.handlingCode ?? request.handlingCode ?? 'H1';
    if (!(HANDLING_CODES as readonly string[]).includes(handlingCode))
      errors.push({ field: 'handlingCode', code: 'isIn', params: { values: HANDLING_CODES.join(', ') } });
    const description = fields.description?.trim() || null;
    if (description && description.length > MAX_DESCRIPTION)
      errors.push({ field: 'description', code: 'maxLength', params: { max: MAX_DESCRIPTION } });
    const assignmentId = fields.assignmentId ?? null;
    if (context === 'answer' && !assignmentId) errors.push({ field: 'assignmentId', code: 'required' });
    if (context !== 'answer' && assignmentId) errors.push({ field: 'assignmentId', code: 'only_for_answer' });
    if (assignmentId && !UUID_PATTERN.test(assignmentId)) errors.push({ field: 'assignmentId', code: 'isUuid' });
    if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);

    const rule = ATTACHMENT_UPLOADERS[context];
    if (user.role !== rule.role || (user.role === 'liaison' && user.agency !== request.requestingAgency)) {
      throw new AppError('ATTACHMENT.FORBIDDEN_CONTEXT', HttpStatus.FORBIDDEN, { context });
    }
    let agency = user.agency;
    if (context === 'answer') {
      const [assignment] = await this.db.query<Array<{ agency: string; status: string }>>(
        `SELECT agency, status FROM assignments WHERE id = $1 AND request_id = $2`,
        [assignmentId, request.id],
      );
      if (!assignment || assignment.agency !== user.agency) throw AppError.notFound('ASSIGNMENT');
      if (!ANSWER_FILE_ASSIGNMENT_STATUSES.includes(assignment.status)) {
        throw new AppError('ATTACHMENT.NOT_NOW', HttpStatus.CONFLICT, { context, status: assignment.status });
      }
      agency = assignment.agency;
    }

    return this.db.transaction(async (m) => {
      // The request row is locked, so that uploads at once cannot pass the limit together.
      const [locked] = await m.query<Array<{ status: RequestStatus; version: number }>>(
        `SELECT status, version FROM requests WHERE id = $1 FOR UPDATE`,
        [request.id],
      );
      if (!rule.statuses.includes(locked.status)) {
        throw new AppError('ATTACHMENT.NOT_NOW', HttpStatus.CONFLICT, { context, status: locked.status });
      }
      if ((await this.liveCount(m, request.id)) >= this.config.attachments.maxFiles) throw this.tooMany();
      const [row] = await m.query<Row[]>(
        `INSERT INTO attachments (request_id, context, assignment_id, filename, content_type, size, sha256, handling_code,
                                  description, storage, storage_key, uploaded_by, uploaded_role, agency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         RETURNING id, request_id AS "requestId", context, assignment_id AS "assignmentId", filename,
                   content_type AS "contentType", size, sha256, handling_code AS "handlingCode", description,
                   uploaded_role AS "uploadedRole", agency, uploaded_at AS "uploadedAt", released_at AS "releasedAt",
                   withdrawn_at AS "withdrawnAt", withdrawn_reason AS "withdrawnReason"`,
        [
          request.id,
          context,
          assignmentId,
          file.filename,
          file.contentType,
          file.size,
          file.sha256,
          handlingCode,
          description,
          this.store.kind,
          file.key,
          user.id,
          user.role,
          agency,
        ],
      );
      const event = await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'attachment.upload',
          objectType: 'attachment',
          objectId: row.id,
          requestId: request.id,
          details: {
            attachmentId: row.id,
            sha256: file.sha256,
            filename: file.filename,
            size: file.size,
            contentType: file.contentType,
            context,
            assignmentId,
          },
        },
        ctx,
      );
      // Search reads the file's text after the upload (a draft's files too: their author searches them).
      if (hasReadableText(file.contentType)) {
        await this.effects.write(m, [{ job: JobName.ExtractAttachmentText, payload: { attachmentId: row.id } }]);
      }
      if (locked.status !== 'draft') {
        // NS-2: those who may see the file learn that it is there, in the same transaction.
        const assigned = await m.query<Array<{ agency: string; role: 'lead' | 'support' }>>(
          `SELECT agency, role FROM assignments WHERE request_id = $1 AND status NOT IN ('cancelled', 'declined')`,
          [request.id],
        );
        await this.effects.write(
          m,
          noticeOutbox(
            await noticeContext(this.reference),
            {
              kind: 'attachment',
              context,
              request: { ...policyRequestOf(request), status: locked.status },
              assigned,
              owner: agency,
            },
            event.id,
            request.id,
            { folio: request.folio, title: request.title, agency: agency ?? 'SRE-SSAN', text: file.filename },
          ),
        );
      }
      return toAttachmentView(row, user.role);
    });
  }

  async list(user: SessionUser, requestId: string, ctx: CallContext): Promise<{ items: AttachmentView[] }> {
    const request = await this.requests.findVisible(user, requestId, ctx);
    const { values, param } = parameters([request.id]);
    const rows = await this.db.query<Row[]>(
      `SELECT ${COLUMNS} FROM attachments a JOIN requests r ON r.id = a.request_id
        WHERE a.request_id = $1 AND ${attachmentScopeSql(user, param)} ORDER BY a.uploaded_at, a.id`,
      values,
    );
    return { items: rows.map((row) => toAttachmentView(row, user.role)) };
  }

  async get(user: SessionUser, id: string, ctx: CallContext): Promise<AttachmentView> {
    return toAttachmentView(await this.findVisible(user, id, ctx), user.role);
  }

  /** The bytes: counted per user and audited (with the SHA-256 the chain will hold) before they stream. */
  async download(user: SessionUser, id: string, ctx: CallContext): Promise<{ view: AttachmentView; stream: Readable }> {
    const row = await this.findVisible(user, id, ctx);
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO attachment_downloads (attachment_id, user_id, count, last_at) VALUES ($1, $2, 1, now())
         ON CONFLICT (attachment_id, user_id) DO UPDATE SET count = attachment_downloads.count + 1, last_at = now()`,
        [row.id, user.id],
      );
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'attachment.download',
          objectType: 'attachment',
          objectId: row.id,
          requestId: row.requestId,
          details: { attachmentId: row.id, sha256: row.sha256, filename: row.filename, size: Number(row.size) },
        },
        ctx,
      );
    });
    const [stored] = await this.db.query<Array<{ storage_key: string }>>(
      `SELECT storage_key FROM attachments WHERE id = $1`,
      [row.id],
    );
    return { view: toAttachmentView(row, user.role), stream: this.store.read(stored.storage_key) };
  }

  /** A draft's file, by its author: gone for good (nothing was submitted yet). */
  async remove(user: SessionUser, id: string, ctx: CallContext): Promise<void> {
    const row = await this.findVisible(user, id, ctx);
    const [facts] = await this.db.query<Array<{ status: string; uploaded_by: string; storage_key: string }>>(
      `SELECT r.status, a.uploaded_by, a.storage_key FROM attachments a JOIN requests r ON r.id = a.request_id WHERE a.id = $1`,
      [row.id],
    );
    if (facts.uploaded_by !== user.id) {
      await this.denied(user, 'attachment.delete', row, row.requestId, 'ATTACHMENT.FORBIDDEN_ACTION', {}, ctx);
      throw new AppError('ATTACHMENT.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action: 'delete' });
    }
    if (facts.status !== 'draft') {
      await this.denied(user, 'attachment.delete', row, row.requestId, 'ATTACHMENT.NOT_A_DRAFT', {}, ctx);
      throw new AppError('ATTACHMENT.NOT_A_DRAFT', HttpStatus.CONFLICT);
    }
    await this.db.transaction(async (m) => {
      // Only while the request is still a draft (checked again under the row's lock).
      const [gone] = await m.query<Array<{ id: string }>>(
        `DELETE FROM attachments a USING requests r
          WHERE a.id = $1 AND r.id = a.request_id AND r.status = 'draft' RETURNING a.id`,
        [row.id],
      );
      if (!gone) throw new AppError('ATTACHMENT.NOT_A_DRAFT', HttpStatus.CONFLICT);
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'attachment.delete',
          objectType: 'attachment',
          objectId: row.id,
          requestId: row.requestId,
          details: { attachmentId: row.id, sha256: row.sha256, filename: row.filename },
        },
        ctx,
      );
    });
    await this.store.remove(facts.storage_key).catch(() => undefined);
  }

  /** After submission a file is not deleted but withdrawn, by whoever's side added it: it stays for auditors. */
  async withdraw(user: SessionUser, id: string, reason: string, ctx: CallContext): Promise<AttachmentView> {
    const row = await this.findVisible(user, id, ctx);
    const own = row.uploadedRole === user.role && (row.agency ?? null) === (user.agency ?? null);
    if (!own) {
      await this.denied(user, 'attachment.withdraw', row, row.requestId, 'ATTACHMENT.FORBIDDEN_ACTION', {}, ctx);
      throw new AppError('ATTACHMENT.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action: 'withdraw' });
    }
    return this.db.transaction(async (m) => {
      const [updated] = await m
        .query<Row[]>(
          `UPDATE attachments a SET withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = $3
          FROM requests r WHERE a.id = $1 AND r.id = a.request_id AND a.withdrawn_at IS NULL
          RETURNING ${COLUMNS}`,
          [row.id, user.id, reason],
        )
        .then((result) => (Array.isArray(result[0]) ? (result[0] as Row[]) : (result as Row[])));
      if (!updated) throw AppError.notFound('ATTACHMENT');
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'attachment.withdraw',
          objectType: 'attachment',
          objectId: row.id,
          requestId: row.requestId,
          reason,
          details: { attachmentId: row.id, sha256: row.sha256, filename: row.filename },
        },
        ctx,
      );
      return toAttachmentView(updated, user.role);
    });
  }

  /** The file if the caller may see it; otherwise 404, audited as access.denied (with the file's hash if it exists). */
  private async findVisible(user: SessionUser, id: string, ctx: CallContext): Promise<Row> {
    if (UUID_PATTERN.test(id)) {
      const { values, param } = parameters([id]);
      const [row] = await this.db.query<Row[]>(
        `SELECT ${COLUMNS} FROM attachments a JOIN requests r ON r.id = a.request_id
          WHERE a.id = $1 AND ${attachmentScopeSql(user, param)}`,
        values,
      );
      if (row) return row;
    }
    const [exists] = UUID_PATTERN.test(id)
      ? await this.db.query<Array<{ request_id: string; sha256: string }>>(
          `SELECT request_id, sha256 FROM attachments WHERE id = $1`,
          [id],
        )
      : [];
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'access.denied',
          objectType: 'attachment',
          objectId: UUID_PATTERN.test(id) ? id : null,
          requestId: exists?.request_id ?? null,
          outcome: 'denied',
          details: { exists: !!exists, attemptedId: id.slice(0, 100), sha256: exists?.sha256 ?? null },
        },
        ctx,
      ),
    );
    throw AppError.notFound('ATTACHMENT');
  }

  private async denied(
    user: SessionUser,
    action: string,
    row: Row | null,
    requestId: string,
    code: string,
    details: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<void> {
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: actorOf(user),
          action,
          objectType: 'attachment',
          objectId: row?.id ?? null,
          requestId,
          outcome: 'denied',
          reason: code,
          details: { ...(row ? { attachmentId: row.id, sha256: row.sha256, filename: row.filename } : {}), ...details },
        },
        ctx,
      ),
    );
  }

  private async liveCount(m: EntityManager, requestId: string): Promise<number> {
    const [{ n }] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM attachments WHERE request_id = $1 AND withdrawn_at IS NULL`,
      [requestId],
    );
    return n;
  }

  private tooMany(): AppError {
    return new AppError('ATTACHMENT.TOO_MANY', HttpStatus.CONFLICT, { max: this.config.attachments.maxFiles });
  }
}

/** The columns of a file as the views read them (aliases match AttachmentEntity's properties). */
const COLUMNS = `a.id, a.request_id AS "requestId", a.context, a.assignment_id AS "assignmentId", a.filename,
  a.content_type AS "contentType", a.size, a.sha256, a.handling_code AS "handlingCode", a.description,
  a.uploaded_role AS "uploadedRole", a.agency, a.uploaded_at AS "uploadedAt", a.released_at AS "releasedAt",
  a.withdrawn_at AS "withdrawnAt", a.withdrawn_reason AS "withdrawnReason"`;
