import { HttpStatus } from '@nestjs/common';
import { parameters, type Param } from '@ventanilla/documents/attachment-scope.js';
import {
  allowedEdits,
  readSearchText,
  withinEdits,
  withoutWords,
  type SearchKind,
  type SearchText,
} from '@ventanilla/domain/search-query.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { decodeCursor, encodeCursor, UUID_PATTERN } from '@ventanilla/http/keyset-cursor.js';
import { requestScopeSql, type Viewer } from '@ventanilla/requests/request-scope.js';
import type { ListRequestsQuery } from '../requests/requests.dto.js';
import { DUE_KEY, NO_DEADLINE, QUEUE_SQL } from '../requests/request-queues.sql.js';
import { entryScopeSql } from './search-scope.js';

/** Where a request matched, cut from text the caller may read; `highlights` are [start, end) offsets in `text`. */
export interface SearchSnippet {
  kind: SearchKind;
  text: string;
  highlights: Array<{ start: number; end: number }>;
}

export interface SearchMatch {
  /** Relevance (higher is better); 0 for a match through a mistyped name only. */
  rank: number;
  snippets: SearchSnippet[];
}

/** A page of results: request ids in order with their match, and the cursor of the next page. */
export interface SearchResult {
  page: Array<{ id: string; match: SearchMatch }>;
  nextCursor: string | null;
}

/** Runs one statement and answers its rows: the API's data source, or a bare `pg` pool in the benchmark. */
export type Execute = (sql: string, values: unknown[]) => Promise<unknown[]>;

/**
 * How many of the newest matching requests relevance orders; older matches follow, newest first. A search that
 * matches a large part of a million requests would otherwise rank them all on every page.
 */
export const RELEVANCE_WINDOW = 200;
/** The newest entries the selectivity probe looks at. */
const PROBE_ENTRIES = 2000;
/** When each way of finding the matches is taken (see Strategy); the tests force each in turn. */
export interface SearchTuning {
  /** Estimated matching entries up to which the GIN index drives the search. */
  indexDrivenMax: number;
  /** A caller who sees at most this many requests (an agency, a requesting agency) has them read first. */
  scopeFirstMax: number;
}
export const DEFAULT_TUNING: SearchTuning = { indexDrivenMax: 20_000, scopeFirstMax: 20_000 };
/** Nearest name words looked at per possibly mistyped word. */
const NAME_NEIGHBOURS = 40;
const SNIPPETS_PER_ITEM = 2;
const START = '\u0002';
const STOP = '\u0003';

interface Queries {
  /** tsquery texts for matching (with the fuzzy alternatives of mistyped names) and for ranking (as typed). */
  es: string;
  en: string;
  esRank: string;
  enRank: string;
}

/**
 * How the matching requests are found: from the GIN index (rare words), from the caller's own requests (a narrow
 * scope), or by reading requests newest first (common words, wide scope).
 */
type Strategy = 'index' | 'scope' | 'newest';

/** A relevance cursor: inside the ranked window (its top, then the last row's rank, time, id) or past it. */
type RelevanceCursor =
  | { window: { at: string; id: string }; after: { rank: number; at: string; id: string } }
  | { tail: { at: string; id: string } };

interface Candidate {
  id: string;
  at: Date;
  key: Date;
}

/**
 * The database side of search (issue 15), shared by the API and the benchmark's bare-`pg` baseline: every
 * statement a search runs, in order. Need-to-know is part of every statement, not a filter after it: a request
 * is a result only if the caller may see it and one of its entries the caller may read matches, so pages (and
 * anything counted from them) never reveal a hidden match, and ranks and snippets come only from those entries.
 */
export class SearchEngine {
  constructor(
    private readonly exec: Execute,
    private readonly tuning: SearchTuning = DEFAULT_TUNING,
  ) {}

  private async query<T extends unknown[]>(sql: string, values: unknown[]): Promise<T> {
    return (await this.exec(sql, values)) as T;
  }

  async search(user: Viewer, query: ListRequestsQuery): Promise<SearchResult> {
    const limit = query.limit ?? 50;
    const sought = readSearchText(query.q ?? '');
    const sort = query.sort ?? (query.queue ? 'deadline' : 'relevance');
    const prepared = await this.prepare(user, sought);
    if (!prepared) return { page: [], nextCursor: null };
    const { queries, strategy } = prepared;
    const run = (n: number, keyset: (p: Param) => string, order: 'newest' | 'deadline') =>
      this.candidates(user, query, sought, queries, strategy, { n, keyset, order });

    if (sort === 'newest' || sort === 'deadline') {
      const c = query.cursor ? decodeCursor(query.cursor) : null;
      const keyset = (p: Param) =>
        !c
          ? 'TRUE'
          : sort === 'newest'
            ? `(r.created_at, r.id) < (${p(c.at)}::timestamptz, ${p(c.id)}::uuid)`
            : `(${DUE_KEY}, r.id) > (${p(c.at)}::timestamptz, ${p(c.id)}::uuid)`;
      const rows = await run(limit + 1, keyset, sort);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const ranks = await this.ranks(user, page, queries, sought);
      return {
        page: await this.matches(user, page, ranks, queries),
        nextCursor: rows.length > limit && last ? encodeCursor(last.key, last.id) : null,
      };
    }

    const cursor = query.cursor ? decodeRelevanceCursor(query.cursor) : null;
    if (cursor && 'tail' in cursor) {
      const t = cursor.tail;
      const rows = await run(
        limit + 1,
        (p) => `(r.created_at, r.id) < (${p(t.at)}::timestamptz, ${p(t.id)}::uuid)`,
        'newest',
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const ranks = await this.ranks(user, page, queries, sought);
      return {
        page: await this.matches(user, page, ranks, queries),
        nextCursor:
          rows.length > limit && last ? encodeRelevanceCursor({ tail: { at: iso(last.at), id: last.id } }) : null,
      };
    }
    // The window: the newest RELEVANCE_WINDOW matches at or below its top (fixed by the first page, so that new
    // requests do not shift the pages after it), ranked.
    const top = cursor?.window;
    const windowRows = await run(
      RELEVANCE_WINDOW,
      (p) => (top ? `(r.created_at, r.id) <= (${p(top.at)}::timestamptz, ${p(top.id)}::uuid)` : 'TRUE'),
      'newest',
    );
    if (windowRows.length === 0) return { page: [], nextCursor: null };
    const ranks = await this.ranks(user, windowRows, queries, sought);
    const ranked = windowRows
      .map((c) => ({ ...c, rank: ranks.get(c.id) ?? 0 }))
      .sort((a, b) => b.rank - a.rank || b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const after = cursor?.after;
    const rest = after
      ? ranked.filter(
          (c) =>
            c.rank < after.rank ||
            (c.rank === after.rank &&
              (c.at.getTime() < Date.parse(after.at) || (c.at.getTime() === Date.parse(after.at) && c.id < after.id))),
        )
      : ranked;
    const page = rest.slice(0, limit);
    const windowTop = top ?? { at: iso(windowRows[0].at), id: windowRows[0].id };
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (rest.length > limit && last) {
      nextCursor = encodeRelevanceCursor({
        window: windowTop,
        after: { rank: last.rank, at: iso(last.at), id: last.id },
      });
    } else if (windowRows.length === RELEVANCE_WINDOW) {
      const edge = windowRows[windowRows.length - 1];
      nextCursor = encodeRelevanceCursor({ tail: { at: iso(edge.at), id: edge.id } });
    }
    return { page: await this.matches(user, page, ranks, queries), nextCursor };
  }

  /**
   * The text search queries for both languages, fuzzy alternatives for words that may be mistyped names, and
   * which strategy fits how common the words are; null when there is nothing to look for.
   */
  private async prepare(user: Viewer, sought: SearchText): Promise<{ queries: Queries; strategy: Strategy } | null> {
    const { values, param } = parameters();
    const text = param(sought.text);
    const match = (es: string, en: string) =>
      `((p.language = 'es' AND ts_match_vq(p.tsv, ${es})) OR (p.language = 'en' AND ts_match_vq(p.tsv, ${en})))`;
    const es = `websearch_to_tsquery('public.ventanilla_es', ${text})`;
    const en = `websearch_to_tsquery('public.ventanilla_en', ${text})`;
    const [row] = await this.query<
      Array<{
        es: string;
        en: string;
        seen: number;
        hits: number;
        total: string;
        scope: number | null;
        near: Array<{ term: string; word: string }>;
      }>
    >(
      `SELECT ${es}::text AS es, ${en}::text AS en, probe.seen, probe.hits,
              (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'search_entries'::regclass) AS total,
              ${scopeCountSql(user, param, Math.min(this.tuning.scopeFirstMax, 1e9) + 1)} AS scope,
              (SELECT coalesce(json_agg(json_build_object('term', t.w, 'word', n.word)), '[]'::json)
                 FROM unnest(${param(sought.fuzzyWords)}::text[]) t(w)
                 CROSS JOIN LATERAL (SELECT word FROM search_name_words ORDER BY word <-> t.w LIMIT ${NAME_NEIGHBOURS}) n) AS near
         FROM (SELECT count(*)::int AS seen, count(*) FILTER (WHERE ${match(es, en)})::int AS hits
                 FROM (SELECT language, tsv FROM search_entries ORDER BY request_created_at DESC, request_id DESC
                        LIMIT ${PROBE_ENTRIES}) p) probe`,
      values,
    );
    if (row.es === '' && row.en === '' && !sought.folioPrefix) return null;
    const estimate =
      row.seen < PROBE_ENTRIES ? row.hits : (row.hits / row.seen) * Math.max(Number(row.total), row.seen);
    const strategy: Strategy =
      estimate <= this.tuning.indexDrivenMax
        ? 'index'
        : row.scope !== null && row.scope <= this.tuning.scopeFirstMax
          ? 'scope'
          : 'newest';
    const neighbours = new Map<string, string[]>();
    for (const { term, word } of row.near) {
      if (word !== term && withinEdits(term, word, allowedEdits(term))) {
        neighbours.set(term, [...(neighbours.get(term) ?? []), word]);
      }
    }
    const queries = { es: row.es, en: row.en, esRank: row.es, enRank: row.en };
    if (neighbours.size === 0) return { queries, strategy };
    return { queries: { ...(await this.expand(sought, neighbours)), esRank: row.es, enRank: row.en }, strategy };
  }

  /**
   * The queries with each possibly mistyped word replaced by "the word or a name word one or two edits from it".
   * A word that is a stop word of a language stays out of that language's query, as it would have.
   */
  private async expand(sought: SearchText, neighbours: Map<string, string[]>): Promise<{ es: string; en: string }> {
    const { values, param } = parameters();
    const rest = param(withoutWords(sought.text, [...neighbours.keys()]));
    const build = (config: string) => {
      const groups = [...neighbours].map(([term, words]) => {
        const own = `plainto_tsquery('${config}', ${param(term)})`;
        const alternatives = words.map((w) => `plainto_tsquery('${config}', ${param(w)})`);
        return `(CASE WHEN numnode(${own}) = 0 THEN ''::tsquery ELSE ${[own, ...alternatives].join(' || ')} END)`;
      });
      return [`websearch_to_tsquery('${config}', ${rest})`, ...groups].join(' && ');
    };
    const [row] = await this.query<Array<{ es: string; en: string }>>(
      `SELECT (${build('public.ventanilla_es')})::text AS es, (${build('public.ventanilla_en')})::text AS en`,
      values,
    );
    return row;
  }

  /**
   * Up to `n` requests the caller may see, in the given order, that match: one of their entries the caller may
   * read matches the query, or their folio starts with the text. `index`: the GIN index finds the matching
   * entries first (few matches); `newest`: requests are read newest first (or in deadline order) and each is
   * checked (many matches, where the first `n` come soon).
   */
  private async candidates(
    user: Viewer,
    query: ListRequestsQuery,
    sought: SearchText,
    queries: Queries,
    strategy: Strategy,
    page: { n: number; keyset: (p: Param) => string; order: 'newest' | 'deadline' },
  ): Promise<Candidate[]> {
    const { values, param } = parameters();
    const es = queries.es === '' ? null : param(queries.es);
    const en = queries.en === '' ? null : param(queries.en);
    const match = (d: string, indexed: boolean) => {
      const test = (q: string) => (indexed ? `${d}.tsv @@ ${q}::tsquery` : `ts_match_vq(${d}.tsv, ${q}::tsquery)`);
      const parts = [
        ...(es ? [`(${d}.language = 'es' AND ${test(es)})`] : []),
        ...(en ? [`(${d}.language = 'en' AND ${test(en)})`] : []),
      ];
      return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    };
    const folio = sought.folioPrefix ? `r.folio LIKE ${param(`${sought.folioPrefix}%`)}` : null;
    const readable = `EXISTS (SELECT 1 FROM search_entries d WHERE d.request_id = r.id AND ${match('d', false)}
                        AND ${entryScopeSql(user, param, 'd', 'r')})`;
    const scoped = [requestScopeSql(user, param), ...filterSql(user, query, param), page.keyset(param)].join(' AND ');
    const hit = folio ? `(${readable} OR ${folio})` : readable;
    const key = page.order === 'newest' ? 'r.created_at' : DUE_KEY;
    const order = (k: string) => (page.order === 'newest' ? `${k} DESC, r.id DESC` : `${k} ASC, r.id ASC`);
    const orFolio = folio ? `UNION SELECT r.id FROM requests r WHERE ${folio}` : '';
    const own = strategy === 'scope' ? ownRequestsSql(user, param) : null;
    const ids =
      strategy === 'index'
        ? `SELECT DISTINCT d.request_id AS id FROM search_entries d WHERE ${match('d', true)} ${orFolio}`
        : own
          ? `${own} ${orFolio}`
          : null;
    // From a set of ids (index, scope): the caller's requests among them in order first, then the costly check of
    // their entries one request at a time until the page is full (the inner order carries through OFFSET 0).
    const sql = ids
      ? `WITH m AS MATERIALIZED (${ids})
         SELECT r.id, r.created_at AS at, o.sort_key AS key
           FROM (SELECT r.id, ${key} AS sort_key FROM m JOIN requests r ON r.id = m.id WHERE ${scoped}
                  ORDER BY ${order(key)} OFFSET 0) o
           JOIN requests r ON r.id = o.id
          WHERE ${hit} ORDER BY ${order('o.sort_key').replace('r.id', 'o.id')} LIMIT ${page.n}`
      : `SELECT r.id, r.created_at AS at, ${key} AS key FROM requests r WHERE ${scoped} AND ${hit}
          ORDER BY ${order(key)} LIMIT ${page.n}`;
    const rows = await this.query<Array<{ id: string; at: Date; key: Date }>>(sql, values);
    return rows.map((r) => ({ id: r.id, at: new Date(r.at), key: new Date(r.key ?? NO_DEADLINE) }));
  }

  /** Each candidate's relevance: its best readable matching entry, ranked by the query as typed; a folio match first. */
  private async ranks(
    user: Viewer,
    rows: Candidate[],
    queries: Queries,
    sought: SearchText,
  ): Promise<Map<string, number>> {
    if (rows.length === 0) return new Map();
    const { values, param } = parameters([rows.map((r) => r.id)]);
    const rank = `ts_rank(d.tsv, CASE WHEN d.language = 'es' THEN ${param(queries.esRank || queries.es)}::tsquery
                                      ELSE ${param(queries.enRank || queries.en)}::tsquery END)`;
    const folio = sought.folioPrefix
      ? `CASE WHEN r.folio = ${param(sought.folioPrefix)} THEN 10 WHEN r.folio LIKE ${param(`${sought.folioPrefix}%`)} THEN 5 ELSE 0 END`
      : '0';
    const es = queries.es === '' ? null : param(queries.es);
    const en = queries.en === '' ? null : param(queries.en);
    const match = [
      ...(es ? [`(d.language = 'es' AND ts_match_vq(d.tsv, ${es}::tsquery))`] : []),
      ...(en ? [`(d.language = 'en' AND ts_match_vq(d.tsv, ${en}::tsquery))`] : []),
    ];
    const found = await this.query<Array<{ id: string; rank: number }>>(
      `SELECT r.id, (${folio} + coalesce((SELECT max(${rank}) FROM search_entries d
                                      WHERE d.request_id = r.id AND ${match.length ? `(${match.join(' OR ')})` : 'FALSE'}
                                        AND ${entryScopeSql(user, param, 'd', 'r')}), 0))::real AS rank
         FROM requests r WHERE r.id = ANY($1::uuid[])`,
      values,
    );
    return new Map(found.map((f) => [f.id, Number(f.rank) < 1e-10 ? 0 : Number(f.rank)]));
  }

  /** The page in order, each request with its rank and snippets. */
  private async matches(
    user: Viewer,
    page: Candidate[],
    ranks: Map<string, number>,
    queries: Queries,
  ): Promise<SearchResult['page']> {
    if (page.length === 0) return [];
    const snippets = await this.snippets(
      user,
      page.map((c) => c.id),
      queries,
    );
    return page.map((c) => ({ id: c.id, match: { rank: ranks.get(c.id) ?? 0, snippets: snippets.get(c.id) ?? [] } }));
  }

  /** Up to two snippets per request, from its best-ranked matching entries that the caller may read. */
  private async snippets(user: Viewer, ids: string[], queries: Queries): Promise<Map<string, SearchSnippet[]>> {
    const { values, param } = parameters([ids]);
    const es = queries.es === '' ? null : param(queries.es);
    const en = queries.en === '' ? null : param(queries.en);
    const parts = [
      ...(es ? [`(d.language = 'es' AND ts_match_vq(d.tsv, ${es}::tsquery))`] : []),
      ...(en ? [`(d.language = 'en' AND ts_match_vq(d.tsv, ${en}::tsquery))`] : []),
    ];
    if (parts.length === 0) return new Map();
    const q = (d: string) =>
      `CASE WHEN ${d}.language = 'es' THEN ${es ?? "''"}::tsquery ELSE ${en ?? "''"}::tsquery END`;
    // Headlines are the costly part: cut only for the entries kept, after the best ones per request are chosen.
    const rows = await this.query<Array<{ request_id: string; kind: SearchKind; headline: string }>>(
      `SELECT s.request_id, s.kind,
              ts_headline(search_config(s.language), translate(search_entry_text(s.kind, s.source_id), E'\\x02\\x03', '  '),
                          ${q('s')}, 'StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "') AS headline
         FROM (SELECT d.request_id, d.kind, d.source_id, d.language,
                      row_number() OVER (PARTITION BY d.request_id ORDER BY ts_rank(d.tsv, ${q('d')}) DESC, d.kind, d.source_id) AS n
                 FROM search_entries d JOIN requests r ON r.id = d.request_id
                WHERE d.request_id = ANY($1::uuid[]) AND (${parts.join(' OR ')}) AND ${entryScopeSql(user, param, 'd', 'r')}) s
        WHERE s.n <= ${SNIPPETS_PER_ITEM}
        ORDER BY s.request_id, s.n`,
      values,
    );
    const out = new Map<string, SearchSnippet[]>();
    for (const row of rows) {
      const snippet = toSnippet(row.kind, row.headline);
      if (snippet) out.set(row.request_id, [...(out.get(row.request_id) ?? []), snippet]);
    }
    return out;
  }
}

/**
 * The requests a narrow caller may see, as ids: at least those of its scope (requestScopeSql still applies to
 * each), read through an index on the agency. Null for callers whose scope is not narrow by nature.
 */
function ownRequestsSql(viewer: Viewer, param: Param): string | null {
  switch (viewer.role) {
    case 'agency_coordinator':
      return `SELECT DISTINCT sa.request_id AS id FROM assignments sa WHERE sa.agency = ${param(viewer.agency ?? '')}
                AND sa.status NOT IN ('cancelled', 'declined')`;
    case 'liaison':
      return `SELECT sr.id FROM requests sr WHERE sr.requesting_agency = ${param(viewer.agency ?? '')}`;
    default:
      return null;
  }
}

/** How many requests a narrow caller sees, counted up to `cap` from the agency index alone (or NULL). */
function scopeCountSql(viewer: Viewer, param: Param, cap: number): string {
  switch (viewer.role) {
    case 'agency_coordinator':
      return `(SELECT count(*)::int FROM (SELECT 1 FROM assignments sa WHERE sa.agency = ${param(viewer.agency ?? '')} LIMIT ${cap}) c)`;
    case 'liaison':
      return `(SELECT count(*)::int FROM (SELECT 1 FROM requests sr WHERE sr.requesting_agency = ${param(viewer.agency ?? '')} LIMIT ${cap}) c)`;
    default:
      return 'NULL::int';
  }
}

/** The headline's markers become offsets; a headline without a highlighted word says nothing and is dropped. */
export function toSnippet(kind: SearchKind, headline: string): SearchSnippet | null {
  const highlights: Array<{ start: number; end: number }> = [];
  let text = '';
  let open: number | null = null;
  for (const ch of headline.replace(/\s+/g, ' ').trim()) {
    if (ch === START) open = text.length;
    else if (ch === STOP) {
      if (open !== null && text.length > open) highlights.push({ start: open, end: text.length });
      open = null;
    } else text += ch;
  }
  return highlights.length ? { kind, text, highlights } : null;
}

/** The list's filters as SQL on `r` (the same meaning as without `q`). */
export function filterSql(user: Viewer, query: ListRequestsQuery, param: Param): string[] {
  const where: string[] = [];
  if (query.status) where.push(`r.status = ${param(query.status)}`);
  if (query.type) where.push(`r.type = ${param(query.type)}`);
  if (query.topic) where.push(`${param(query.topic)} = ANY(r.topics)`);
  if (query.priority) where.push(`r.priority = ${param(query.priority)}`);
  if (query.escalation) where.push(`r.escalation_level = ${param(query.escalation)}`);
  if (query.agency) where.push(`r.requesting_agency = ${param(query.agency)}`);
  if (query.from) where.push(`r.created_at >= ${param(query.from)}::timestamptz`);
  if (query.to) where.push(`r.created_at < ${param(query.to)}::timestamptz`);
  if (query.queue) where.push(`(${QUEUE_SQL[query.queue].replace('$me', param(user.id))})`);
  return where;
}

const iso = (d: Date) => d.toISOString();

function encodeRelevanceCursor(c: RelevanceCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeRelevanceCursor(cursor: string): RelevanceCursor {
  const time = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  const uuid = (v: unknown): v is string => typeof v === 'string' && UUID_PATTERN.test(v);
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, Record<string, unknown>>;
    if (c.tail && time(c.tail.at) && uuid(c.tail.id)) return { tail: { at: c.tail.at, id: c.tail.id } };
    const { window: w, after: a } = c;
    if (w && a && time(w.at) && uuid(w.id) && time(a.at) && uuid(a.id) && typeof a.rank === 'number') {
      return { window: { at: w.at, id: w.id }, after: { rank: a.rank, at: a.at, id: a.id } };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'cursor', code: 'invalid' }]);
}
