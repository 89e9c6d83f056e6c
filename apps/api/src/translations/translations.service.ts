import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { parameters } from '@ventanilla/documents/attachment-scope.js';
import { translationScopeSql } from '@ventanilla/documents/translation-scope.js';
import { assertNever } from '@ventanilla/domain/assert-never.util.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { RequestQueriesService } from '../requests/request-queries.service.js';
import type { AddTranslationDto, TranslationKind } from './translations.dto.js';

export interface TranslationView {
  id: string;
  requestId: string;
  of: { kind: TranslationKind; id: string };
  language: 'en' | 'es';
  text: string;
  /** Always SRE-SSAN: only the hub translates. */
  translatedBy: { role: string; agency: string };
  createdAt: string;
}

interface Row {
  id: string;
  request_id: string;
  of_kind: TranslationKind;
  of_id: string;
  language: 'en' | 'es';
  text: string;
  created_at: Date;
}

const toView = (r: Row): TranslationView => ({
  id: r.id,
  requestId: r.request_id,
  of: { kind: r.of_kind, id: r.of_id },
  language: r.language,
  text: r.text,
  translatedBy: { role: 'hub_coordinator', agency: 'SRE-SSAN' },
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Translations by SRE-SSAN (issue 11) of an agency answer, a clarification, the request or the reply. Only the
 * hub adds them; each records who and when, is audited, and never replaces the original. A translation is seen
 * by exactly those who may see what it translates (the condition is part of the query).
 */
@Injectable()
export class TranslationsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly requests: RequestQueriesService,
  ) {}

  async add(user: SessionUser, requestId: string, dto: AddTranslationDto, ctx: CallContext): Promise<TranslationView> {
    const request = await this.requests.findVisible(user, requestId, ctx);
    const exists = await this.originalExists(request.id, dto.of.kind, dto.of.id, request.response !== null);
    if (!exists) {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'of.id', code: 'invalid' }]);
    }
    return this.db.transaction(async (m) => {
      const [row] = await m.query<Row[]>(
        `INSERT INTO translations (request_id, of_kind, of_id, language, text, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, request_id, of_kind, of_id, language, text, created_at`,
        [request.id, dto.of.kind, dto.of.id, dto.language, dto.text.trim(), user.id],
      );
      await this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'translation.add',
          objectType: 'translation',
          objectId: row.id,
          requestId: request.id,
          details: { of: dto.of, language: dto.language, length: row.text.length },
        },
        ctx,
      );
      return toView(row);
    });
  }

  async list(user: SessionUser, requestId: string, ctx: CallContext): Promise<{ items: TranslationView[] }> {
    const request = await this.requests.findVisible(user, requestId, ctx);
    const { values, param } = parameters([request.id]);
    const rows = await this.db.query<Row[]>(
      `SELECT t.id, t.request_id, t.of_kind, t.of_id, t.language, t.text, t.created_at
         FROM translations t JOIN requests r ON r.id = t.request_id
        WHERE t.request_id = $1 AND ${translationScopeSql(user, param)}
        ORDER BY t.created_at, t.id`,
      values,
    );
    return { items: rows.map(toView) };
  }

  private async originalExists(
    requestId: string,
    kind: TranslationKind,
    id: string,
    replied: boolean,
  ): Promise<boolean> {
    switch (kind) {
      case 'request':
        return id === requestId;
      case 'reply':
        return id === requestId && replied;
      case 'answer':
        return this.exists(`SELECT 1 FROM assignment_responses WHERE id = $1 AND request_id = $2`, [id, requestId]);
      case 'clarification':
        return this.exists(`SELECT 1 FROM request_clarifications WHERE id = $1 AND request_id = $2`, [id, requestId]);
      default:
        return assertNever(kind);
    }
  }

  private async exists(sql: string, params: unknown[]): Promise<boolean> {
    return (await this.db.query<unknown[]>(sql, params)).length > 0;
  }
}
