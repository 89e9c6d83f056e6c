import { randomInt } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { hashPassword } from '@ventanilla/auth/password.js';
import { SessionService } from '@ventanilla/auth/session.service.js';
import { UserEntity } from '@ventanilla/database/entities/user.entity.js';
import type { Role } from '@ventanilla/domain/roles.js';
import { accountAgencyProblem } from '@ventanilla/domain/user-accounts.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { keysetSort, UUID_PATTERN, type SortKey } from '@ventanilla/http/keyset-cursor.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto, UserSort } from './users.dto.js';

/** An account as administrators see it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agency: string | null;
  language: 'en' | 'es';
  disabled: boolean;
  disabledAt: string | null;
  version: number;
  createdAt: string;
  /** The latest sign-in, from the sessions table; null if never. */
  lastSignInAt: string | null;
}

export type UserPage = Page<UserView>;

/** A user and, when the server chose it, the password to hand over: shown in this answer only. */
export interface UserWithPassword {
  user: UserView;
  oneTimePassword: string | null;
}

type UserRow = UserEntity & { lastSignInAt: Date | null };

const actorOf = (u: SessionUser) => ({ userId: u.id, role: u.role, agency: u.agency });

const toView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  agency: u.agency,
  language: u.language,
  disabled: u.disabledAt !== null,
  disabledAt: u.disabledAt?.toISOString() ?? null,
  version: u.version,
  createdAt: u.createdAt.toISOString(),
  lastSignInAt: u.lastSignInAt ? new Date(u.lastSignInAt).toISOString() : null,
});

/** No 0/O, 1/l/I: read aloud or copied by hand without doubt. 20 symbols of 54 ≈ 115 bits. */
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function generatePassword(): string {
  const chars = Array.from({ length: 20 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

const LAST_SIGN_IN = '(SELECT max(s.created_at) FROM sessions s WHERE s.user_id = u.id)';

/** Sort keys on alias `u`; accounts without an agency, or never signed in, come first A→Z and last newest-first. */
const USER_SORT_KEYS: Record<UserSort, SortKey> = {
  email: { sql: 'u.email', kind: 'text', order: 'asc' },
  name: { sql: 'lower(u.display_name)', kind: 'text', order: 'asc' },
  role: { sql: 'u.role', kind: 'text', order: 'asc' },
  agency: { sql: `COALESCE(u.agency, '')`, kind: 'text', order: 'asc' },
  created: { sql: 'u.created_at', kind: 'instant', order: 'desc' },
  lastSignIn: {
    sql: `COALESCE(${LAST_SIGN_IN}, '0001-01-01T00:00:00.000Z'::timestamptz)`,
    kind: 'instant',
    order: 'desc',
  },
};

/**
 * User accounts, for administrators: create, edit, disable, reset a password. Every change is audited (never
 * a password), and anything that changes who the user is or how they sign in ends their sessions at once.
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly sessions: SessionService,
  ) {}

  async list(q: ListUsersQuery): Promise<UserPage> {
    const limit = q.limit ?? 50;
    const qb = this.select(this.db.manager);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.email ILIKE :q OR u.display_name ILIKE :q)', { q: like });
    }
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.agency) qb.andWhere('u.agency = :agency', { agency: q.agency });
    if (q.disabled !== undefined) qb.andWhere(`u.disabled_at IS ${q.disabled ? 'NOT ' : ''}NULL`);
    const sorting = keysetSort(USER_SORT_KEYS, q.sort ?? 'email', q.order);
    if (q.cursor) {
      const c = sorting.decode(q.cursor);
      qb.andWhere(sorting.after('u.id', ':cValue', ':cId'), { cValue: c.value, cId: c.id });
    }
    const found = await qb
      .addSelect(sorting.select, 'sort_key')
      .orderBy(sorting.expr, sorting.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('u.id', sorting.order === 'asc' ? 'ASC' : 'DESC')
      .limit(limit + 1)
      .getRawAndEntities();
    const keys = new Map(
      (found.raw as Array<Record<string, unknown>>).map((row) => [row.u_id as string, row.sort_key]),
    );
    const users = this.withSignIn(found);
    const page = users.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor: users.length > limit && last ? sorting.encode(keys.get(last.id), last.id) : null,
    };
  }

  async get(id: string): Promise<UserView> {
    return toView(await this.find(this.db.manager, id));
  }

  async create(admin: SessionUser, dto: CreateUserDto, ctx: CallContext): Promise<UserWithPassword> {
    const agency = dto.agency ?? null;
    await this.checkAgency(dto.role, agency);
    const password = dto.password ?? generatePassword();
    const hash = await hashPassword(password);
    const email = dto.email.trim().toLowerCase();
    return this.db.transaction(async (m) => {
      const [row] = (await m.query(
        `INSERT INTO users (email, display_name, password_hash, role, agency, language, password_change_required)
         VALUES ($1, $2, $3, $4, $5, $6, true)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, dto.displayName.trim(), hash, dto.role, agency, dto.language ?? 'en'],
      )) as Array<{ id: string }>;
      if (!row) throw new AppError('USER.EMAIL_TAKEN', HttpStatus.CONFLICT, {}, [{ field: 'email', code: 'taken' }]);
      const created = await this.find(m, row.id);
      await this.audit.append(
        m,
        {
          actor: actorOf(admin),
          action: 'user.create',
          objectType: 'user',
          objectId: created.id,
          changedFields: ['email', 'displayName', 'role', 'agency', 'language', 'password'],
          details: { email, role: created.role, agency, passwordGenerated: dto.password === undefined },
        },
        ctx,
      );
      return { user: toView(created), oneTimePassword: dto.password === undefined ? password : null };
    });
  }

  async update(admin: SessionUser, id: string, dto: UpdateUserDto, ctx: CallContext): Promise<UserView> {
    const current = await this.find(this.db.manager, id);
    const patch: Record<string, unknown> = {};
    if (dto.displayName !== undefined && dto.displayName.trim() !== current.displayName)
      patch.display_name = dto.displayName.trim();
    if (dto.role !== undefined && dto.role !== current.role) patch.role = dto.role;
    if (dto.agency !== undefined && dto.agency !== current.agency) patch.agency = dto.agency;
    if (dto.language !== undefined && dto.language !== current.language) patch.language = dto.language;
    if (dto.disabled !== undefined && dto.disabled !== (current.disabledAt !== null))
      patch.disabled_at = dto.disabled ? new Date() : null;
    if (id === admin.id && ('role' in patch || 'agency' in patch || dto.disabled === true)) {
      // An administrator who locks themselves out may leave nobody able to undo it.
      throw new AppError('USER.SELF_CHANGE', HttpStatus.UNPROCESSABLE_ENTITY);
    }
    if ('role' in patch || 'agency' in patch) {
      await this.checkAgency(dto.role ?? current.role, dto.agency === undefined ? current.agency : dto.agency);
    }
    const fields = Object.keys(patch).map(fieldName);
    if (fields.length === 0) {
      if (dto.version !== current.version) throw this.conflict(current);
      return toView(current);
    }
    const endsSessions = 'role' in patch || 'agency' in patch || patch.disabled_at instanceof Date;
    const view = await this.db.transaction(async (m) => {
      const columns = Object.keys(patch);
      const [rows] = (await m.query(
        `UPDATE users SET ${[...columns.map((c, i) => `${c} = $${i + 3}`), 'version = version + 1'].join(', ')}
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, dto.version, ...columns.map((c) => patch[c])],
      )) as [unknown[], number];
      if (rows.length === 0) throw this.conflict(await this.find(m, id));
      if (endsSessions) await this.endSessions(m, id);
      const updated = await this.find(m, id);
      const action =
        'disabled_at' in patch ? (patch.disabled_at === null ? 'user.enable' : 'user.disable') : 'user.update';
      await this.audit.append(
        m,
        {
          actor: actorOf(admin),
          action,
          objectType: 'user',
          objectId: id,
          changedFields: fields,
          details: {
            email: updated.email,
            role: updated.role,
            agency: updated.agency,
            ...(current.role !== updated.role ? { previousRole: current.role } : {}),
            ...(current.agency !== updated.agency ? { previousAgency: current.agency } : {}),
            sessionsEnded: endsSessions,
          },
        },
        ctx,
      );
      return toView(updated);
    });
    // This process's cached sessions of the user go now; the other processes' on the trigger's notification.
    this.sessions.userChanged(id);
    return view;
  }

  /** A fresh generated password, shown once; the old one stops working and every session of the user ends. */
  async resetPassword(admin: SessionUser, id: string, ctx: CallContext): Promise<UserWithPassword> {
    await this.find(this.db.manager, id);
    const password = generatePassword();
    const hash = await hashPassword(password);
    const reset = await this.db.transaction(async (m) => {
      // The administrator knows it: the user must replace it at first sign-in.
      await m.query(
        `UPDATE users SET password_hash = $2, password_change_required = true, version = version + 1 WHERE id = $1`,
        [id, hash],
      );
      await this.endSessions(m, id);
      const updated = await this.find(m, id);
      await this.audit.append(
        m,
        {
          actor: actorOf(admin),
          action: 'user.reset_password',
          objectType: 'user',
          objectId: id,
          changedFields: ['password'],
          details: { email: updated.email, sessionsEnded: true },
        },
        ctx,
      );
      return { user: toView(updated), oneTimePassword: password };
    });
    this.sessions.userChanged(id);
    return reset;
  }

  private async checkAgency(role: Role, agency: string | null): Promise<void> {
    const { agencies } = await this.reference.get();
    const problem = accountAgencyProblem(role, agency, agencies);
    if (problem) {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [
        { field: 'agency', code: problem, params: { value: agency } },
      ]);
    }
  }

  private async endSessions(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }

  private conflict(current: UserRow): AppError {
    return new AppError('USER.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
      current: toView(current),
    });
  }

  private select(m: EntityManager) {
    return m.getRepository(UserEntity).createQueryBuilder('u').addSelect(LAST_SIGN_IN, 'last_sign_in_at');
  }

  private withSignIn({ raw, entities }: { raw: Array<Record<string, unknown>>; entities: UserEntity[] }): UserRow[] {
    const byId = new Map(raw.map((r) => [r.u_id as string, (r.last_sign_in_at as Date | null) ?? null]));
    return entities.map((u) => Object.assign(u, { lastSignInAt: byId.get(u.id) ?? null }));
  }

  private async find(m: EntityManager, id: string): Promise<UserRow> {
    const found = UUID_PATTERN.test(id)
      ? this.withSignIn(await this.select(m).where('u.id = :id', { id }).getRawAndEntities())[0]
      : undefined;
    if (!found) throw AppError.notFound('USER');
    return found;
  }
}

const FIELD_NAMES: Record<string, string> = {
  display_name: 'displayName',
  disabled_at: 'disabled',
};
const fieldName = (column: string): string => FIELD_NAMES[column] ?? column;
