import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { SavedViewEntity } from '@ventanilla/database/entities/saved-view.entity.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { UUID_PATTERN } from '@ventanilla/http/keyset-cursor.js';
import { actorOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { LIST_ROLES, SAVED_VIEW_LISTS, type CreateSavedViewDto, type SavedViewList } from './saved-views.dto.js';

export interface SavedViewView {
  id: string;
  list: SavedViewList;
  name: string;
  params: Record<string, string>;
  createdAt: string;
}

/** Enough for any desk; a runaway client cannot fill the table. */
export const MAX_VIEWS_PER_LIST = 50;

const toView = (v: SavedViewEntity): SavedViewView => ({
  id: v.id,
  list: v.list as SavedViewList,
  name: v.name,
  params: v.params,
  createdAt: v.createdAt.toISOString(),
});

/** Lists a role has (LIST_ROLES): the lists it may save views of. */
export const listsOf = (user: SessionUser): SavedViewList[] =>
  SAVED_VIEW_LISTS.filter((l) => LIST_ROLES[l].includes(user.role));

/**
 * A user's saved views of the lists: private to their owner (anyone else's view is absent: 404), created and
 * deleted with an audit event, like the user's other settings.
 */
@Injectable()
export class SavedViewsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async list(user: SessionUser, list?: SavedViewList): Promise<{ items: SavedViewView[] }> {
    const rows = await this.db.getRepository(SavedViewEntity).find({
      where: { userId: user.id, ...(list ? { list } : {}) },
      order: { list: 'ASC', name: 'ASC', id: 'ASC' },
    });
    return { items: rows.map(toView) };
  }

  async get(user: SessionUser, id: string): Promise<SavedViewView> {
    return toView(await this.own(user, id));
  }

  async create(user: SessionUser, dto: CreateSavedViewDto, ctx: CallContext): Promise<SavedViewView> {
    if (!LIST_ROLES[dto.list].includes(user.role)) {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'list', code: 'not_your_list' }]);
    }
    const name = dto.name.trim();
    if (name === '') {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'name', code: 'isNotEmpty' }]);
    }
    return this.db.transaction(async (m) => {
      // One writer per user at a time, so the count below holds until the insert commits.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('saved_views:' || $1, 0))`, [user.id]);
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM saved_views WHERE user_id = $1 AND list = $2`, [
        user.id,
        dto.list,
      ])) as Array<{ n: number }>;
      if (n >= MAX_VIEWS_PER_LIST) {
        throw new AppError('SAVED_VIEW.TOO_MANY', HttpStatus.CONFLICT, { max: MAX_VIEWS_PER_LIST });
      }
      const [row] = (await m.query(
        `INSERT INTO saved_views (user_id, list, name, params) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, list, name) DO NOTHING RETURNING id`,
        [user.id, dto.list, name, JSON.stringify(dto.params)],
      )) as Array<{ id: string }>;
      if (!row) {
        throw new AppError('SAVED_VIEW.NAME_TAKEN', HttpStatus.CONFLICT, {}, [{ field: 'name', code: 'taken' }]);
      }
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'saved_view.create',
          objectType: 'saved_view',
          objectId: row.id,
          details: { list: dto.list, name },
        },
        ctx,
      );
      return toView(await m.getRepository(SavedViewEntity).findOneByOrFail({ id: row.id }));
    });
  }

  async remove(user: SessionUser, id: string, ctx: CallContext): Promise<void> {
    await this.db.transaction(async (m) => {
      const rows = UUID_PATTERN.test(id)
        ? ((await m.query(
            `WITH gone AS (DELETE FROM saved_views WHERE id = $1 AND user_id = $2 RETURNING list, name)
             SELECT list, name FROM gone`,
            [id, user.id],
          )) as Array<{ list: string; name: string }>)
        : [];
      if (rows.length === 0) throw AppError.notFound('SAVED_VIEW');
      await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'saved_view.delete',
          objectType: 'saved_view',
          objectId: id,
          details: { list: rows[0].list, name: rows[0].name },
        },
        ctx,
      );
    });
  }

  private async own(user: SessionUser, id: string): Promise<SavedViewEntity> {
    const found = UUID_PATTERN.test(id)
      ? await this.db.getRepository(SavedViewEntity).findOneBy({ id, userId: user.id })
      : null;
    if (!found) throw AppError.notFound('SAVED_VIEW');
    return found;
  }
}
