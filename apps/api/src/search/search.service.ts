import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { entityFromRow } from '@ventanilla/database/row-mapper.js';
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
 * The statements are the engine's (search-engine.ts), which reads the page's requests with their matches; this
 * shows them as the caller may see them.
 */
@Injectable()
export class SearchService {
  private readonly engine: SearchEngine;

  constructor(@Inject(DataSource) private readonly db: DataSource) {
    this.engine = new SearchEngine((sql, values) => db.query<unknown[]>(sql, values));
  }

  async search(user: SessionUser, query: ListRequestsQuery): Promise<SearchPage> {
    const { page, nextCursor } = await this.engine.search(user, query);
    const actor = { userId: user.id, role: user.role, agency: user.agency };
    return {
      items: page.map((p) => ({
        ...toRequestView(entityFromRow(this.db.manager, RequestEntity, p.row), actor),
        match: p.match,
      })),
      nextCursor,
    };
  }
}
