import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { AgencyEmailContactEntity } from '@ventanilla/database/entities/notification-channel.entity.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { isUuid } from '@ventanilla/http/keyset-cursor.js';
import type { CreateEmailContactDto, UpdateEmailContactDto } from './notification-channels.dto.js';

export interface EmailContactView {
  id: string;
  agency: string;
  email: string;
  /** Null: the language of the user with this address, else the agency's country (MX → es). */
  language: 'en' | 'es' | null;
  active: boolean;
  version: number;
  createdAt: string;
}

const actorOf = (u: SessionUser) => ({ userId: u.id, role: u.role, agency: u.agency });

const toView = (c: AgencyEmailContactEntity): EmailContactView => ({
  id: c.id,
  agency: c.agency,
  email: c.email,
  language: c.language,
  active: c.active,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
});

/** The addresses each agency's notices are e-mailed to, for administrators; every change is audited. */
@Injectable()
export class EmailContactsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async list(agency: string | undefined): Promise<{ items: EmailContactView[] }> {
    const rows = await this.db.getRepository(AgencyEmailContactEntity).find({
      where: agency ? { agency } : {},
      order: { agency: 'ASC', email: 'ASC' },
    });
    return { items: rows.map(toView) };
  }

  async create(user: SessionUser, dto: CreateEmailContactDto, ctx: CallContext): Promise<EmailContactView> {
    const [known] = (await this.db.query(`SELECT 1 FROM agencies WHERE code = $1`, [dto.agency])) as unknown[];
    if (!known) {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [
        { field: 'agency', code: 'unknown_agency', params: { value: dto.agency } },
      ]);
    }
    return this.db.transaction(async (m) => {
      const [row] = (await m.query(
        `INSERT INTO agency_email_contacts (agency, email, language) VALUES ($1, $2, $3)
         ON CONFLICT (agency, email) DO NOTHING RETURNING id`,
        [dto.agency, dto.email.trim().toLowerCase(), dto.language ?? null],
      )) as Array<{ id: string }>;
      if (!row) throw new AppError('EMAIL_CONTACT.DUPLICATE', HttpStatus.CONFLICT);
      const created = await this.find(m, row.id);
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'email_contact.create',
          objectType: 'email_contact',
          objectId: created.id,
          changedFields: ['agency', 'email', 'language'],
          details: { agency: created.agency, email: created.email, language: created.language },
        },
        ctx,
      );
      return toView(created);
    });
  }

  async update(user: SessionUser, id: string, dto: UpdateEmailContactDto, ctx: CallContext): Promise<EmailContactView> {
    const patch: Record<string, unknown> = {
      ...(dto.language !== undefined ? { language: dto.language } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    };
    return this.db.transaction(async (m) => {
      const current = await this.find(m, id);
      const columns = Object.keys(patch);
      const [rows] = (await m.query(
        `UPDATE agency_email_contacts
            SET ${[...columns.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1'].join(', ')}
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, dto.version, ...columns.map((c) => patch[c])],
      )) as [unknown[], number];
      if (rows.length === 0) {
        throw new AppError('EMAIL_CONTACT.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
          current: toView(current),
        });
      }
      const updated = await this.find(m, id);
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'email_contact.update',
          objectType: 'email_contact',
          objectId: id,
          changedFields: columns,
          details: { agency: updated.agency, email: updated.email, language: updated.language, active: updated.active },
        },
        ctx,
      );
      return toView(updated);
    });
  }

  private async find(m: EntityManager, id: string): Promise<AgencyEmailContactEntity> {
    const found = isUuid(id) ? await m.getRepository(AgencyEmailContactEntity).findOneBy({ id }) : null;
    if (!found) throw AppError.notFound('EMAIL_CONTACT');
    return found;
  }
}
