import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookAddressPolicy } from '@ventanilla/notifications/webhook-address.js';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { WebhookEndpointEntity } from '@ventanilla/database/entities/notification-channel.entity.js';
import { AppError, type FieldError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { decodeCursor, encodeCursor, isUuid, keysetAt } from '@ventanilla/http/keyset-cursor.js';
import type { PageQuery } from '@ventanilla/http/page-query.js';
import type { CreateWebhookDto, UpdateWebhookDto } from './notification-channels.dto.js';

export interface WebhookView {
  id: string;
  agency: string;
  url: string;
  active: boolean;
  description: string | null;
  /** The secret's last four characters, to tell which one a receiver holds. */
  secretHint: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Only in the answer that created or rotated it: the one time the secret is shown. */
export type WebhookWithSecret = WebhookView & { secret: string };

export interface WebhookAttemptView {
  at: string;
  kind: string;
  attempt: number | null;
  deliveryId: string | null;
  notificationId: string;
  event: string;
  status: number | null;
  ms: number | null;
  error: string | null;
}

const actorOf = (u: SessionUser) => ({ userId: u.id, role: u.role, agency: u.agency });

function toView(w: WebhookEndpointEntity): WebhookView {
  return {
    id: w.id,
    agency: w.agency,
    url: w.url,
    active: w.active,
    description: w.description,
    secretHint: `…${w.secret.slice(-4)}`,
    version: w.version,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** Webhook endpoints per agency, for administrators. Every change is audited; secrets never are. */
@Injectable()
export class WebhooksService {
  private readonly addresses: WebhookAddressPolicy;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditWriter,
  ) {
    this.addresses = new WebhookAddressPolicy(config.webhookAllowedNetworks);
  }

  async list(agency: string | undefined): Promise<{ items: WebhookView[] }> {
    const rows = await this.db.getRepository(WebhookEndpointEntity).find({
      where: agency ? { agency } : {},
      order: { agency: 'ASC', createdAt: 'ASC' },
    });
    return { items: rows.map(toView) };
  }

  async get(id: string): Promise<WebhookView> {
    return toView(await this.find(this.db.manager, id));
  }

  async create(user: SessionUser, dto: CreateWebhookDto, ctx: CallContext): Promise<WebhookWithSecret> {
    const errors = [...(await this.urlErrors('url', dto.url)), ...(await this.agencyErrors(dto.agency))];
    if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
    const secret = dto.secret ?? newSecret();
    return this.db.transaction(async (m) => {
      const [{ id }] = (await m.query(
        `INSERT INTO webhook_endpoints (agency, url, secret, active, description) VALUES ($1, $2, $3, $4, $5)
         RETURNING id`,
        [dto.agency, dto.url, secret, dto.active ?? true, dto.description ?? null],
      )) as Array<{ id: string }>;
      const created = await this.find(m, id);
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'webhook.create',
          objectType: 'webhook_endpoint',
          objectId: id,
          changedFields: ['agency', 'url', 'secret', 'active', 'description'],
          details: { agency: created.agency, host: new URL(created.url).host, active: created.active },
        },
        ctx,
      );
      return { ...toView(created), secret };
    });
  }

  async update(user: SessionUser, id: string, dto: UpdateWebhookDto, ctx: CallContext): Promise<WebhookView> {
    if (dto.url !== undefined) {
      const errors = await this.urlErrors('url', dto.url);
      if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
    }
    const secret = dto.rotateSecret ? newSecret() : undefined;
    const patch: Record<string, unknown> = {
      ...(dto.url !== undefined ? { url: dto.url } : {}),
      ...(dto.description !== undefined ? { description: dto.description } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
      ...(secret ? { secret } : {}),
    };
    return this.db.transaction(async (m) => {
      const current = await this.find(m, id);
      const columns = Object.keys(patch);
      const [rows] = (await m.query(
        `UPDATE webhook_endpoints
            SET ${[...columns.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1', 'updated_at = now()'].join(', ')}
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, dto.version, ...columns.map((c) => patch[c])],
      )) as [unknown[], number];
      if (rows.length === 0) {
        throw new AppError('WEBHOOK.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
          current: toView(current),
        });
      }
      const updated = await this.find(m, id);
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'webhook.update',
          objectType: 'webhook_endpoint',
          objectId: id,
          changedFields: columns,
          details: { agency: updated.agency, host: new URL(updated.url).host, active: updated.active },
        },
        ctx,
      );
      return secret ? { ...toView(updated), secret } : toView(updated);
    });
  }

  /** The endpoint's delivery log: every attempt (answer, time taken, error), dead letters and replays. */
  async attempts(id: string, q: PageQuery): Promise<{ items: WebhookAttemptView[]; nextCursor: string | null }> {
    await this.find(this.db.manager, id);
    const limit = q.limit ?? 50;
    const c = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = (await this.db.query(
      `SELECT e.id, e.at, e.kind, e.attempt, e.delivery_id, e.notification_id, e.detail, n.event,
              ${keysetAt('e.at')} AS cursor_at
         FROM notification_events e
         JOIN notification_deliveries d ON d.id = e.delivery_id
         JOIN notifications n ON n.id = e.notification_id
        WHERE d.endpoint_id = $1 AND e.kind <> 'queued'
          AND ($2::timestamptz IS NULL OR (e.at, e.id) < ($2::timestamptz, $3::uuid))
        ORDER BY e.at DESC, e.id DESC LIMIT $4`,
      [id, c?.at ?? null, c?.id ?? null, limit + 1],
    )) as Array<{
      id: string;
      at: Date;
      kind: string;
      attempt: number | null;
      delivery_id: string | null;
      notification_id: string;
      detail: Record<string, unknown>;
      event: string;
      cursor_at: string;
    }>;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        at: r.at.toISOString(),
        kind: r.kind,
        attempt: r.attempt,
        deliveryId: r.delivery_id,
        notificationId: r.notification_id,
        event: r.event,
        status: typeof r.detail.status === 'number' ? r.detail.status : null,
        ms: typeof r.detail.ms === 'number' ? r.detail.ms : null,
        error: typeof r.detail.error === 'string' ? r.detail.error : null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  }

  private async find(m: EntityManager, id: string): Promise<WebhookEndpointEntity> {
    const found = isUuid(id) ? await m.getRepository(WebhookEndpointEntity).findOneBy({ id }) : null;
    if (!found) throw AppError.notFound('WEBHOOK');
    return found;
  }

  /**
   * http(s) only, and https in production: the body carries notices, the signature only proves who sent it.
   * And never inward (loopback, private, link-local, metadata…) unless WEBHOOK_ALLOWED_NETWORKS allows it:
   * checked here after resolving the name, and again at every delivery.
   */
  private async urlErrors(field: string, raw: string): Promise<FieldError[]> {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return [{ field, code: 'http_url' }];
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return [{ field, code: 'http_url' }];
    if (this.config.env === 'production' && u.protocol !== 'https:') return [{ field, code: 'https_required' }];
    const checked = await this.addresses.check(u);
    if (checked.ok) return [];
    if (checked.reason === 'unresolvable') return [{ field, code: 'unresolvable_host', params: { host: u.hostname } }];
    return [{ field, code: 'forbidden_address', params: { address: checked.address, kind: checked.kind } }];
  }

  private async agencyErrors(agency: string): Promise<FieldError[]> {
    const [row] = (await this.db.query(`SELECT 1 FROM agencies WHERE code = $1`, [agency])) as unknown[];
    return row ? [] : [{ field: 'agency', code: 'unknown_agency', params: { value: agency } }];
  }
}
