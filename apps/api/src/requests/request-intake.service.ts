import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@ventanilla/audit/canonical-json.js';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { entityFromRow } from '@ventanilla/database/row-mapper.js';
import { isPriority, requiresProposedActionAt } from '@ventanilla/domain/request-status.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { actorOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import { AdvanceNoticeService } from '@ventanilla/requests/advance-notice.service.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import { toRequestView, type RequestView } from '@ventanilla/requests/request-view.js';
import { checkRequestFields, draftFields, requestColumns } from './request-field-checks.js';
import { RequestQueriesService } from './request-queries.service.js';
import type { CreateRequestDto, RequestFieldsDto, UpdateDraftDto } from './requests.dto.js';

/** Abandoned in-flight idempotency records (a crashed process) may be taken over after this long. */
const IN_FLIGHT_TIMEOUT_MS = 60_000;

/**
 * Requests coming in: created (a draft, or submitted through the same `submit` transition as a draft's), at
 * most once per Idempotency-Key, and drafts edited by their requester.
 */
@Injectable()
export class RequestIntakeService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycleService,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly advanceNotice: AdvanceNoticeService,
    private readonly queries: RequestQueriesService,
  ) {}

  async create(
    user: SessionUser,
    dto: CreateRequestDto,
    idempotencyKey: string | undefined,
    ctx: CallContext,
  ): Promise<{ status: number; body: unknown }> {
    if (idempotencyKey === undefined) return { status: 201, body: await this.createOnce(user, dto, ctx, null) };
    if (!/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new AppError('IDEMPOTENCY.INVALID_KEY', HttpStatus.BAD_REQUEST, {}, [
        { field: 'Idempotency-Key', code: 'invalid' },
      ]);
    }
    // The audit chain's canonical JSON: the same body hashes the same whatever its key order.
    const bodyHash = createHash('sha256')
      .update(canonicalJson(JSON.parse(JSON.stringify(dto)) as unknown))
      .digest('hex');
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (user_id, key, body_hash, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (user_id, key) DO UPDATE SET body_hash = EXCLUDED.body_hash, created_at = now()
         WHERE idempotency_keys.state = 'in_flight' AND idempotency_keys.created_at < now() - make_interval(secs => $4)
           AND idempotency_keys.body_hash = EXCLUDED.body_hash
       RETURNING key`,
      [user.id, idempotencyKey, bodyHash, IN_FLIGHT_TIMEOUT_MS / 1000],
    );
    if (claimed.length === 0) {
      const [existing] = (await this.db.query(
        `SELECT body_hash, state, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [user.id, idempotencyKey],
      )) as Array<{ body_hash: string; state: string; response_status: number | null; response_body: unknown }>;
      if (!existing) throw new AppError('IDEMPOTENCY.IN_FLIGHT', HttpStatus.CONFLICT);
      if (existing.body_hash !== bodyHash)
        throw new AppError('IDEMPOTENCY.KEY_REUSED', HttpStatus.UNPROCESSABLE_ENTITY);
      if (existing.state !== 'done') throw new AppError('IDEMPOTENCY.IN_FLIGHT', HttpStatus.CONFLICT);
      return { status: existing.response_status ?? 201, body: existing.response_body };
    }
    try {
      const body = await this.createOnce(user, dto, ctx, { key: idempotencyKey });
      return { status: 201, body };
    } catch (err) {
      // Nothing was created: free the key so the client's retry runs again.
      await this.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`, [
        user.id,
        idempotencyKey,
      ]);
      throw err;
    }
  }

  private async createOnce(
    user: SessionUser,
    dto: CreateRequestDto,
    ctx: CallContext,
    idem: { key: string } | null,
  ): Promise<RequestView> {
    const submit = dto.draft !== true;
    const { noSurprises, defaultPriority } = await checkRequestFields(this.reference, dto, submit);
    const actor = actorOf(user);
    // sla.json lists an exigent notice among P1's criteria: it takes P1 unless the requester chose otherwise.
    const exigent = noSurprises !== null && requiresProposedActionAt(noSurprises) && dto.actionKind === 'exigent';
    const priority = dto.priority ?? (exigent ? 'P1' : (defaultPriority ?? 'P3'));
    return this.db.transaction(async (m) => {
      const values: Record<string, unknown> = {
        ...requestColumns(dto, noSurprises, isPriority(priority) ? priority : 'P3'),
        requesting_agency: user.agency,
        created_by: user.id,
      };
      const insert = async (status: string, submittedAt: Date | null): Promise<RequestEntity> => {
        const row: Record<string, unknown> = { ...values, status, submitted_at: submittedAt };
        const columns = Object.keys(row);
        const [inserted] = (await m.query(
          `INSERT INTO requests (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
          columns.map((c) => row[c]),
        )) as Array<Record<string, unknown>>;
        return entityFromRow(m, RequestEntity, inserted);
      };
      const changedFields = Object.keys(dto).filter((k) => k !== 'draft');
      let created: RequestEntity;
      if (submit) {
        // The same `submit` transition as a draft's, from the draft this request would have been.
        const draft = Object.assign(new RequestEntity(), {
          status: 'draft',
          version: 0,
          requestingAgency: user.agency,
          needsAuthorization: values.needs_authorization === true,
          authorizationGranted: false,
          routingRound: 0,
        });
        const done = await this.lifecycle.createIn(
          m,
          draft,
          {
            action: 'submit',
            actor,
            ctx,
            changedFields,
            followUps: (r) => [{ job: JobName.RegisterRequest, payload: { requestId: r.id } }],
          },
          (status) => insert(status, new Date()),
        );
        created = await this.advanceNotice.atSubmission(m, done.request, actor, ctx);
      } else {
        created = await insert('draft', null);
        await this.audit.append(
          m,
          {
            actor,
            action: 'request.create',
            objectType: 'request',
            objectId: created.id,
            requestId: created.id,
            fromStatus: null,
            toStatus: created.status,
            changedFields,
          },
          ctx,
        );
      }
      const view = toRequestView(created, actor);
      if (idem) {
        await m.query(
          `UPDATE idempotency_keys SET state = 'done', response_status = 201, response_body = $3 WHERE user_id = $1 AND key = $2`,
          [user.id, idem.key, JSON.stringify(view)],
        );
      }
      return view;
    });
  }

  async updateDraft(user: SessionUser, id: string, dto: UpdateDraftDto, ctx: CallContext): Promise<RequestView> {
    const current = await this.queries.findVisible(user, id, ctx);
    const actor = actorOf(user);
    if (user.role !== 'liaison' || current.requestingAgency !== user.agency) {
      throw new AppError('REQUEST.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action: 'edit' });
    }
    if (current.status !== 'draft')
      throw new AppError('REQUEST.NOT_A_DRAFT', HttpStatus.CONFLICT, {}, [], {
        current: toRequestView(current, actor),
      });
    const { version, ...fields } = dto;
    const merged: RequestFieldsDto = { ...draftFields(current), ...fields };
    const { noSurprises } = await checkRequestFields(this.reference, merged, false);
    const values = requestColumns(merged, noSurprises, merged.priority ?? current.priority);
    const changed = Object.keys(fields);
    return this.db.transaction(async (m) => {
      const columns = Object.keys(values);
      const result = (await m.query(
        `UPDATE requests SET ${columns.map((c, i) => `${c} = $${i + 4}`).join(', ')}, version = version + 1, updated_at = now()
         WHERE id = $1 AND status = 'draft' AND version = $2 AND requesting_agency = $3 RETURNING id`,
        [id, version, user.agency, ...columns.map((c) => values[c])],
      )) as [unknown[], number];
      if (result[0].length === 0) {
        const now = await m.getRepository(RequestEntity).findOneByOrFail({ id });
        throw this.lifecycle.conflict(now, actor);
      }
      await this.audit.append(
        m,
        {
          actor,
          action: 'request.edit_draft',
          objectType: 'request',
          objectId: id,
          requestId: id,
          fromStatus: 'draft',
          toStatus: 'draft',
          changedFields: changed,
        },
        ctx,
      );
      return toRequestView(await m.getRepository(RequestEntity).findOneByOrFail({ id }), actor);
    });
  }
}
