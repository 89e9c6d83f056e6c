import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { PostActionReportEntity, RequestNoticeEntity } from '@ventanilla/database/entities/no-surprises.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ClockPlanner } from '@ventanilla/requests/clock-planner.service.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { noticeContext, noticeOutbox, policyRequestOf } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { liveAssignments } from '@ventanilla/requests/request-lifecycle.service.js';
import { RequestQueriesService } from '../requests/request-queries.service.js';
import type { IssueNoticeDto, PostActionReportDto } from './notices.dto.js';

export interface HubNoticeView {
  id: string;
  requestId: string;
  recipientAgency: string;
  kind: string;
  text: string;
  ackRequired: boolean;
  issuedBy: string;
  issuedAt: string;
}

export interface HubNoticeList {
  items: HubNoticeView[];
}

export interface PostActionReportView {
  id: string;
  requestId: string;
  text: string;
  filedBy: string;
  filedAt: string;
  dueAt: string | null;
  late: boolean;
}

const actorOf = (u: SessionUser): Actor => ({ userId: u.id, role: u.role, agency: u.agency });

/**
 * No surprises in both directions: the hub's notices to US agencies (which their liaisons acknowledge, on a
 * deadline that escalates), and the report an exigent action owes after the fact. Neither changes the
 * request's status, so neither is a transition: each is its own row, audited, announced by the policy's
 * notifications in the same transaction.
 */
@Injectable()
export class NoticesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly requests: RequestQueriesService,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
    private readonly clocks: ClockPlanner,
  ) {}

  /** The hub tells a US requesting agency; nobody else may address an agency (NS-1). */
  async issue(user: SessionUser, requestId: string, dto: IssueNoticeDto, ctx: CallContext): Promise<HubNoticeView> {
    const r = await this.requests.findVisible(user, requestId, ctx);
    const { agencies } = await this.reference.get();
    const recipient = agencies.get(dto.recipientAgency.trim());
    if (!recipient || !recipient.active || recipient.country !== 'US' || recipient.role !== 'requesting') {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [
        { field: 'recipientAgency', code: 'us_requesting_agency' },
      ]);
    }
    const ackRequired = dto.ackRequired ?? true;
    return this.db.transaction(async (m) => {
      const [{ id }] = (await m.query(
        `INSERT INTO request_notices (request_id, recipient_agency, kind, text, ack_required, issued_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [r.id, recipient.code, dto.kind, dto.text.trim(), ackRequired, user.id],
      )) as Array<{ id: string }>;
      const notice = await m.getRepository(RequestNoticeEntity).findOneByOrFail({ id });
      const event = await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'request.notice',
          objectType: 'request',
          objectId: r.id,
          requestId: r.id,
          changedFields: ['notices'],
          details: {
            folio: r.folio,
            noticeId: notice.id,
            recipientAgency: recipient.code,
            kind: dto.kind,
            ackRequired,
          },
        },
        ctx,
      );
      await this.effects.write(
        m,
        noticeOutbox(
          await noticeContext(this.reference),
          { kind: 'hub_notice', request: policyRequestOf(r), addressee: recipient.code, ackRequired },
          event.id,
          r.id,
          { folio: r.folio, title: r.title, status: r.status, kind: dto.kind, text: notice.text, noticeId: notice.id },
        ),
      );
      return noticeView(notice);
    });
  }

  async list(user: SessionUser, requestId: string, ctx: CallContext): Promise<HubNoticeList> {
    const r = await this.requests.findVisible(user, requestId, ctx);
    const rows = await this.db
      .getRepository(RequestNoticeEntity)
      .find({ where: { requestId: r.id }, order: { issuedAt: 'ASC' } });
    return { items: rows.map(noticeView) };
  }

  /**
   * NS-3: the requesting agency's report on an exigent action, once. Filing it stops the report's clock. The
   * report stays with the hub (and auditors, and the authorizer when one decides): agencies are told that it
   * was filed, by the window, never handed the requester's words (NS-1).
   */
  async fileReport(
    user: SessionUser,
    requestId: string,
    dto: PostActionReportDto,
    ctx: CallContext,
  ): Promise<PostActionReportView> {
    const r = await this.requests.findVisible(user, requestId, ctx);
    if (r.requestingAgency !== user.agency) {
      throw new AppError('REQUEST.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action: 'post_action_report' });
    }
    if (r.actionKind !== 'exigent' || !r.postActionReportDueAt) {
      throw new AppError('NOTICE.NO_REPORT_OWED', HttpStatus.CONFLICT);
    }
    return this.db.transaction(async (m) => {
      const [rows] = (await m.query(
        `UPDATE requests SET post_action_reported_at = now(), updated_at = now()
          WHERE id = $1 AND post_action_reported_at IS NULL RETURNING id`,
        [r.id],
      )) as [unknown[], number];
      if (rows.length === 0) throw new AppError('NOTICE.REPORT_ALREADY_FILED', HttpStatus.CONFLICT);
      const [{ id }] = (await m.query(
        `INSERT INTO post_action_reports (request_id, text, filed_by, due_at) VALUES ($1, $2, $3, $4) RETURNING id`,
        [r.id, dto.text.trim(), user.id, r.postActionReportDueAt],
      )) as Array<{ id: string }>;
      const report = await m.getRepository(PostActionReportEntity).findOneByOrFail({ id });
      const after = await m.getRepository(RequestEntity).findOneByOrFail({ id: r.id });
      const timers = await this.clocks.planRequest(m, after);
      const late = report.filedAt.getTime() > r.postActionReportDueAt!.getTime();
      const event = await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'request.post_action_report',
          objectType: 'request',
          objectId: r.id,
          requestId: r.id,
          changedFields: ['postActionReportedAt'],
          details: { folio: r.folio, reportId: report.id, dueAt: r.postActionReportDueAt!.toISOString(), late },
        },
        ctx,
      );
      await this.effects.write(m, [
        ...timers,
        ...noticeOutbox(
          await noticeContext(this.reference),
          { kind: 'post_action_report', request: policyRequestOf(after), assigned: await liveAssignments(m, r.id) },
          event.id,
          r.id,
          { folio: after.folio, title: after.title, status: after.status },
        ),
      ]);
      return reportView(report);
    });
  }

  async report(user: SessionUser, requestId: string, ctx: CallContext): Promise<PostActionReportView> {
    const r = await this.requests.findVisible(user, requestId, ctx);
    const report = await this.db.getRepository(PostActionReportEntity).findOneBy({ requestId: r.id });
    if (!report) throw new AppError('NOTICE.REPORT_NOT_FOUND', HttpStatus.NOT_FOUND);
    return reportView(report);
  }
}

function noticeView(n: RequestNoticeEntity): HubNoticeView {
  return {
    id: n.id,
    requestId: n.requestId,
    recipientAgency: n.recipientAgency,
    kind: n.kind,
    text: n.text,
    ackRequired: n.ackRequired,
    issuedBy: n.issuedBy,
    issuedAt: n.issuedAt.toISOString(),
  };
}

function reportView(p: PostActionReportEntity): PostActionReportView {
  return {
    id: p.id,
    requestId: p.requestId,
    text: p.text,
    filedBy: p.filedBy,
    filedAt: p.filedAt.toISOString(),
    dueAt: p.dueAt ? p.dueAt.toISOString() : null,
    late: p.dueAt !== null && p.filedAt.getTime() > p.dueAt.getTime(),
  };
}
