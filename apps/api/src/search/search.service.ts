import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { toRequestView, type RequestView } from '@ventanilla/requests/request-view.js';
import type { ListRequestsQuery } from '../requests/requests.dto.js';
import { SearchEngine, type SearchMatch } from './search-engine.js';

export type SearchItem = RequestView & { match: SearchMatch };

export interface SearchPage {
  items: SearchItem[];
  nextCursor: string | null;
}

/**
 * Search across the record (issue 15): `GET /api/requests?q=`, ranked by relevance unless a sort is chosen.
 * The statements are the engine's (search-engine.ts); this adds the requests as the caller may see them.
 */
@Injectable()
export class SearchService {
  private readonly engine: SearchEngine;

  constructor(@Inject(DataSource) private readonly db: DataSource) {
    this.engine = new SearchEngine((sql, values) => db.query<unknown[]>(sql, values));
  }

  async search(user: SessionUser, query: ListRequestsQuery): Promise<SearchPage> {
    const { page, nextCursor } = await this.engine.search(user, query);
    if (page.length === 0) return { items: [], nextCursor };
    const rows = await this.db
      .getRepository(RequestEntity)
      .createQueryBuilder('r')
      .where('r.id IN (:...ids)', { ids: page.map((p) => p.id) })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const actor = { userId: user.id, role: user.role, agency: user.agency };
    return {
      items: page.flatMap((p) => {
        const r = byId.get(p.id);
        return r ? [{ ...toRequestView(r, actor), match: p.match }] : [];
      }),
      nextCursor,
    };
  }
}
