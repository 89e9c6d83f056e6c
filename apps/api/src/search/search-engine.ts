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

/**
 * A page of results: request ids in order with their match and their row of `requests` (its columns as the
 * table names them, read in the same statement), and the cursor of the next page.
 */
export interface SearchResult {
  page: Array<{ id: string; match: SearchMatch; row: Record<string, unknown> }>;
  nextCursor: string | null;
}

/** Runs one statement and answers its rows: the API's data source, or a bare `pg` pool in the benchmark. */
export type Execute = (sql: string, values: unknown[]) => Promise<unknown[]>;

/**
 * How many of the newest matching requests relevance orders; older matches follow, newest first. A search that
 * matches a large part of a million requests would otherwise rank them all on every page.
 */
export const RELEVANCE_WINDOW = 200;
/**
 * About how many entries the selectivity probe looks at: a sample of the table's pages (the same pages each time,
 * while the table stays the same), at most twice as many. Not the newest: a run of new requests that do not
 * match (a bulk intake) made a common word look rare, and the search then read every one of its matches.
 */
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

/** Both languages' tsquery texts of one piece of the search text. */
export interface Lexemes {
  es: string;
  en: string;
}

/** Where a page starts, as SQL on a request's creation time and id (`r.created_at`, `r.id` unless given). */
type Keyset = (p: Param, at?: string, id?: string) => string;

/** What one page statement is asked for: `n` in an order after a keyset, or a ranked window cut past `after`. */
type PageSpec =
  | { kind: 'ordered'; limit: number; keyset: Keyset; order: 'newest' | 'deadline' }
  | {
      kind: 'ranked';
      limit: number;
      keyset: Keyset;
      after: { rank: number; at: string; id: string } | null;
    };

interface PageRow {
  id: string;
  at: Date;
  key: Date;
  rank: number;
  snippets: SearchSnippet[];
  row: Record<string, unknown>;
}

/** The ranked window's size, its first request (newest) and its RELEVANCE_WINDOW-th. */
interface WindowEdges {
  size: number;
  top: { id: string; at: Date };
  edge: { id: string; at: Date };
}

type StatementRow = Record<string, unknown> & {
  search_window_size: number;
  search_top_id: string | null;
  search_top_at: Date | null;
  search_edge_id: string | null;
  search_edge_at: Date | null;
  search_count: number;
  search_pos: number | null;
  search_at: Date | null;
  search_key: Date | null;
  search_rank: number | null;
  search_snippets: Array<{ kind: SearchKind; headline: string }> | null;
};

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
    const statement = (spec: PageSpec) => this.page(user, query, sought, queries, strategy, spec);

    if (sort === 'newest' || sort === 'deadline') {
      const c = query.cursor ? decodeCursor(query.cursor) : null;
      const keyset: Keyset = (p, at = 'r.created_at', id = 'r.id') =>
        !c
          ? 'TRUE'
          : sort === 'newest'
            ? `(${at}, ${id}) < (${p(c.at)}::timestamptz, ${p(c.id)}::uuid)`
            : `(${DUE_KEY}, r.id) > (${p(c.at)}::timestamptz, ${p(c.id)}::uuid)`;
      const { page, more } = await statement({ kind: 'ordered', limit, keyset, order: sort });
      const last = page[page.length - 1];
      return { page: page.map(toItem), nextCursor: more && last ? encodeCursor(last.key, last.id) : null };
    }

    const cursor = query.cursor ? decodeRelevanceCursor(query.cursor) : null;
    if (cursor && 'tail' in cursor) {
      const t = cursor.tail;
      const { page, more } = await statement({
        kind: 'ordered',
        limit,
        keyset: (p, at = 'r.created_at', id = 'r.id') => `(${at}, ${id}) < (${p(t.at)}::timestamptz, ${p(t.id)}::uuid)`,
        order: 'newest',
      });
      const last = page[page.length - 1];
      return {
        page: page.map(toItem),
        nextCursor: more && last ? encodeRelevanceCursor({ tail: { at: iso(last.at), id: last.id } }) : null,
      };
    }
    // The window: the newest RELEVANCE_WINDOW matches at or below its top (fixed by the first page, so that new
    // requests do not shift the pages after it), ranked; the page is cut from it past the cursor.
    const top = cursor?.window;
    const { page, more, window } = await statement({
      kind: 'ranked',
      limit,
      keyset: (p, at = 'r.created_at', id = 'r.id') =>
        top ? `(${at}, ${id}) <= (${p(top.at)}::timestamptz, ${p(top.id)}::uuid)` : 'TRUE',
      after: cursor?.after ?? null,
    });
    if (!window) return { page: [], nextCursor: null };
    const windowTop = top ?? { at: iso(window.top.at), id: window.top.id };
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (more && last) {
      nextCursor = encodeRelevanceCursor({
        window: windowTop,
        after: { rank: last.rank, at: iso(last.at), id: last.id },
      });
    } else if (window.size === RELEVANCE_WINDOW) {
      nextCursor = encodeRelevanceCursor({ tail: { at: iso(window.edge.at), id: window.edge.id } });
    }
    return { page: page.map(toItem), nextCursor };
  }

  /**
   * One statement: the text search queries for both languages, how common the words are (which strategy fits),
   * and for words that may be mistyped names their nearest name words, with everything the fuzzy rewrite needs
   * (see expanded()); null when there is nothing to look for.
   */
  private async prepare(user: Viewer, sought: SearchText): Promise<{ queries: Queries; strategy: Strategy } | null> {
    const { values, param } = parameters();
    const text = param(sought.text);
    const match = (es: string, en: string) =>
      `((p.language = 'es' AND ts_match_vq(p.tsv, ${es})) OR (p.language = 'en' AND ts_match_vq(p.tsv, ${en})))`;
    const es = `websearch_to_tsquery('public.ventanilla_es', ${text})`;
    const en = `websearch_to_tsquery('public.ventanilla_en', ${text})`;
    const fuzzy = sought.fuzzyWords;
    // The text without each subset of the fuzzy words (by bit mask), for the words that turn out to have neighbours.
    const rests = fuzzy.length
      ? Array.from({ length: 2 ** fuzzy.length }, (_, mask) =>
          withoutWords(
            sought.text,
            fuzzy.filter((_w, i) => mask & (2 ** i)),
          ),
        )
      : [];
    const lexemes = (fn: string, arg: string) =>
      `json_build_object('es', ${fn}('public.ventanilla_es', ${arg})::text, 'en', ${fn}('public.ventanilla_en', ${arg})::text)`;
    const [row] = await this.query<
      Array<{
        es: string;
        en: string;
        seen: number;
        hits: number;
        total: string;
        scope: number | null;
        near: Array<{ term: string; word: string; es: string | null; en: string | null }>;
        own: Record<string, Lexemes>;
        rests: Lexemes[];
      }>
    >(
      `SELECT ${es}::text AS es, ${en}::text AS en, probe.seen, probe.hits,
              (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'search_entries'::regclass) AS total,
              ${scopeCountSql(user, param, Math.min(this.tuning.scopeFirstMax, 1e9) + 1)} AS scope,
              (SELECT coalesce(json_agg(json_build_object('term', t.w, 'word', n.word, 'es', n.es, 'en', n.en)), '[]'::json)
                 FROM unnest(${param(fuzzy)}::text[]) t(w)
                 CROSS JOIN LATERAL (
                   SELECT k.word,
                          -- Only a word near enough in length can pass withinEdits(): its queries are cut for it alone.
                          CASE WHEN k.word <> t.w AND abs(length(k.word) - length(t.w)) <= ${editsSql('t.w')}
                               THEN plainto_tsquery('public.ventanilla_es', k.word)::text END AS es,
                          CASE WHEN k.word <> t.w AND abs(length(k.word) - length(t.w)) <= ${editsSql('t.w')}
                               THEN plainto_tsquery('public.ventanilla_en', k.word)::text END AS en
                     FROM (SELECT word FROM search_name_words ORDER BY word <-> t.w LIMIT ${NAME_NEIGHBOURS}) k) n
              ) AS near,
              (SELECT coalesce(json_object_agg(t.w, ${lexemes('plainto_tsquery', 't.w')}), '{}'::json)
                 FROM unnest(${param(fuzzy)}::text[]) t(w)) AS own,
              (SELECT coalesce(json_agg(${lexemes('websearch_to_tsquery', 'x.rest')} ORDER BY x.i),
                               '[]'::json)
                 FROM unnest(${param(rests)}::text[]) WITH ORDINALITY x(rest, i)) AS rests
         FROM (SELECT count(*)::int AS seen, count(*) FILTER (WHERE ${match(es, en)})::int AS hits
                 FROM (SELECT language, tsv FROM search_entries
                        TABLESAMPLE SYSTEM ((SELECT least(100, ${PROBE_ENTRIES} * 100.0 / greatest(reltuples, 1))
                                               FROM pg_class WHERE oid = 'search_entries'::regclass)) REPEATABLE (0)
                        LIMIT ${2 * PROBE_ENTRIES}) p) probe`,
      values,
    );
    if (row.es === '' && row.en === '' && !sought.folioPrefix) return null;
    // The whole table when it is small (or its statistics say so), then the count is exact; else extrapolated.
    const whole = Number(row.total) <= PROBE_ENTRIES && row.seen < 2 * PROBE_ENTRIES;
    const estimate = whole
      ? row.hits
      : row.seen === 0
        ? 0
        : (row.hits / row.seen) * Math.max(Number(row.total), row.seen);
    const strategy: Strategy =
      estimate <= this.tuning.indexDrivenMax
        ? 'index'
        : row.scope !== null && row.scope <= this.tuning.scopeFirstMax
          ? 'scope'
          : 'newest';
    const neighbours = new Map<string, Lexemes[]>();
    for (const { term, word, es: wes, en: wen } of row.near) {
      if (wes !== null && wen !== null && withinEdits(term, word, allowedEdits(term))) {
        neighbours.set(term, [...(neighbours.get(term) ?? []), { es: wes, en: wen }]);
      }
    }
    const queries = { es: row.es, en: row.en, esRank: row.es, enRank: row.en };
    if (neighbours.size === 0) return { queries, strategy };
    const mask = fuzzy.reduce((m, w, i) => (neighbours.has(w) ? m + 2 ** i : m), 0);
    return { queries: { ...expanded(row.rests[mask], row.own, neighbours), esRank: row.es, enRank: row.en }, strategy };
  }

  /**
   * One statement for a page: up to `n` matching requests the caller may see in the order asked (see
   * candidatesSql), their relevance, the page's rows of `requests`, and up to two snippets per request from its
   * best-ranked matching entries that the caller may read. `ranked`: the window is ranked and the page is cut
   * from it past the cursor, by rank, then newest first.
   */
  private async page(
    user: Viewer,
    query: ListRequestsQuery,
    sought: SearchText,
    queries: Queries,
    strategy: Strategy,
    spec: PageSpec,
  ): Promise<{ page: PageRow[]; more: boolean; window: WindowEdges | null }> {
    const { values, param } = parameters();
    const limit = Math.trunc(spec.limit);
    const es = queries.es === '' ? null : param(queries.es);
    const en = queries.en === '' ? null : param(queries.en);
    const matchOf = (d: string, indexed: boolean) => {
      const test = (q: string) => (indexed ? `${d}.tsv @@ ${q}::tsquery` : `ts_match_vq(${d}.tsv, ${q}::tsquery)`);
      const parts = [
        ...(es ? [`(${d}.language = 'es' AND ${test(es)})`] : []),
        ...(en ? [`(${d}.language = 'en' AND ${test(en)})`] : []),
      ];
      return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    };
    const order = spec.kind === 'ranked' ? 'newest' : spec.order;
    const n = spec.kind === 'ranked' ? RELEVANCE_WINDOW : limit + 1;
    const candidates = candidatesSql(user, query, sought, strategy, param, matchOf, {
      n,
      keyset: spec.keyset,
      order,
    });
    const keyOrder = order === 'newest' ? 'c.key DESC, c.id DESC' : 'c.key ASC, c.id ASC';

    // Relevance: the best readable matching entry ranked by the query as typed, a folio match first.
    const rankQuery = `CASE WHEN d.language = 'es' THEN ${param(queries.esRank || queries.es)}::tsquery
                            ELSE ${param(queries.enRank || queries.en)}::tsquery END`;
    const folio = sought.folioPrefix
      ? `CASE WHEN r.folio = ${param(sought.folioPrefix)} THEN 10 WHEN r.folio LIKE ${param(`${sought.folioPrefix}%`)} THEN 5 ELSE 0 END`
      : '0';
    const scope = entryScopeSql(user, param, 'd', 'r');
    const rank = `(${folio} + coalesce((SELECT max(ts_rank(d.tsv, ${rankQuery})) FROM search_entries d
                                         WHERE d.request_id = r.id AND ${matchOf('d', false)} AND ${scope}), 0))::real`;

    // Headlines are the costly part: cut only for the entries kept, after the best ones of the request are chosen.
    const headlineQuery = `CASE WHEN d.language = 'es' THEN ${es ?? "''"}::tsquery ELSE ${en ?? "''"}::tsquery END`;
    const snippets =
      es || en
        ? `(SELECT coalesce(json_agg(json_build_object('kind', s.kind, 'headline',
                     ts_headline(search_config(s.language), translate(search_entry_text(s.kind, s.source_id), E'\\x02\\x03', '  '),
                                 s.q, 'StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "'))
                     ORDER BY s.n), '[]'::json)
              FROM (SELECT d.kind, d.source_id, d.language, ${headlineQuery} AS q,
                           row_number() OVER (ORDER BY ts_rank(d.tsv, ${headlineQuery}) DESC, d.kind, d.source_id) AS n
                      FROM search_entries d
                     WHERE d.request_id = r.id AND ${matchOf('d', false)} AND ${scope}) s
             WHERE s.n <= ${SNIPPETS_PER_ITEM})`
        : `'[]'::json`;

    // The window's size and ends; the page (one more row than asked, to know whether there is more).
    let page: string;
    let meta: string;
    if (spec.kind === 'ranked') {
      const after = spec.after;
      const past = after
        ? `WHERE (w.rank, w.at, w.id) < (${param(after.rank)}::real, ${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`
        : '';
      page = `SELECT w.id, w.at, w.key, w.rank, row_number() OVER (ORDER BY w.rank DESC, w.at DESC, w.id DESC) AS pos
                FROM (SELECT k.id, k.at, k.key, CASE WHEN k.x::float8 < 1e-10 THEN 0::real ELSE k.x END AS rank
                        FROM (SELECT c.id, c.at, c.key, ${rank} AS x FROM c JOIN requests r ON r.id = c.id OFFSET 0) k) w
               ${past}
               ORDER BY pos LIMIT ${limit + 1}`;
      meta = `SELECT (SELECT count(*) FROM c)::int AS search_window_size,
                     (SELECT c.id FROM c ORDER BY ${keyOrder} LIMIT 1) AS search_top_id,
                     (SELECT c.at FROM c ORDER BY ${keyOrder} LIMIT 1) AS search_top_at,
                     (SELECT c.id FROM c ORDER BY ${keyOrder} OFFSET ${RELEVANCE_WINDOW - 1} LIMIT 1) AS search_edge_id,
                     (SELECT c.at FROM c ORDER BY ${keyOrder} OFFSET ${RELEVANCE_WINDOW - 1} LIMIT 1) AS search_edge_at,
                     (SELECT count(*) FROM p)::int AS search_count`;
    } else {
      page = `SELECT c.id, c.at, c.key, row_number() OVER (ORDER BY ${keyOrder}) AS pos FROM c`;
      meta = `SELECT (SELECT count(*) FROM c)::int AS search_window_size, NULL::uuid AS search_top_id,
                     NULL::timestamptz AS search_top_at, NULL::uuid AS search_edge_id, NULL::timestamptz AS search_edge_at,
                     (SELECT count(*) FROM c)::int AS search_count`;
    }
    const rankColumn = spec.kind === 'ranked' ? 'p.rank' : rank;
    const rows = await this.query<Array<StatementRow>>(
      `WITH c AS MATERIALIZED (${candidates}),
            p AS MATERIALIZED (${page}),
            m AS (${meta})
       SELECT m.*, x.*
         FROM m LEFT JOIN (
           SELECT p.pos AS search_pos, p.at AS search_at, p.key AS search_key, ${rankColumn} AS search_rank,
                  ${snippets} AS search_snippets, r.*
             FROM p JOIN requests r ON r.id = p.id
            WHERE p.pos <= ${limit}) x ON TRUE
        ORDER BY x.search_pos`,
      values,
    );
    const [first] = rows;
    const window: WindowEdges | null =
      first && first.search_window_size > 0 && first.search_top_id && first.search_top_at
        ? {
            size: first.search_window_size,
            top: { id: first.search_top_id, at: new Date(first.search_top_at) },
            edge:
              first.search_edge_id && first.search_edge_at
                ? { id: first.search_edge_id, at: new Date(first.search_edge_at) }
                : { id: first.search_top_id, at: new Date(first.search_top_at) },
          }
        : null;
    const page_ = rows
      .filter((r) => r.search_pos !== null)
      .map((r) => {
        const { search_pos, search_at, search_key, search_rank, search_snippets, ...request } = r;
        void search_pos;
        const found: SearchSnippet[] = [];
        for (const s of search_snippets ?? []) {
          const snippet = toSnippet(s.kind, s.headline);
          if (snippet) found.push(snippet);
        }
        const rankValue = Number(search_rank);
        return {
          id: String(request.id),
          at: new Date(search_at as Date),
          key: new Date((search_key as Date | null) ?? NO_DEADLINE),
          rank: rankValue < 1e-10 ? 0 : rankValue,
          snippets: found,
          row: stripMeta(request),
        };
      });
    return { page: page_, more: (first?.search_count ?? 0) > limit, window };
  }
}
/**
 * Up to `n` requests the caller may see, in the given order, that match: one of their entries the caller may
 * read matches the query, or their folio starts with the text. `index`: the GIN index finds the matching
 * entries first (few matches); `newest`: requests are read newest first (or in deadline order) and each is
 * checked (many matches, where the first `n` come soon).
 */
function candidatesSql(
  user: Viewer,
  query: ListRequestsQuery,
  sought: SearchText,
  strategy: Strategy,
  param: Param,
  match: (d: string, indexed: boolean) => string,
  page: { n: number; keyset: Keyset; order: 'newest' | 'deadline' },
): string {
  const folio = sought.folioPrefix ? `r.folio LIKE ${param(`${sought.folioPrefix}%`)}` : null;
  const readable = `EXISTS (SELECT 1 FROM search_entries d WHERE d.request_id = r.id AND ${match('d', false)}
                      AND ${entryScopeSql(user, param, 'd', 'r')})`;
  const scoped = [requestScopeSql(user, param), ...filterSql(user, query, param), page.keyset(param)].join(' AND ');
  const hit = folio ? `(${readable} OR ${folio})` : readable;
  const key = page.order === 'newest' ? 'r.created_at' : DUE_KEY;
  const order = (k: string) => (page.order === 'newest' ? `${k} DESC, r.id DESC` : `${k} ASC, r.id ASC`);
  const orFolio = folio ? `UNION SELECT r.id FROM requests r WHERE ${folio}` : '';
  const own = strategy === 'scope' ? ownRequestsSql(user, param) : null;
  if (strategy === 'index' && page.order === 'newest') {
    // The matching entries carry their request's creation time: the matches are put in order from them alone,
    // and requests are read in that order only until the page is full (not all matches, then sorted).
    const orFolioAt = folio ? `UNION SELECT r.id, r.created_at FROM requests r WHERE ${folio}` : '';
    return `WITH m AS MATERIALIZED (SELECT DISTINCT d.request_id AS id, d.request_created_at AS at FROM search_entries d
                                     WHERE ${match('d', true)} ${orFolioAt})
       SELECT r.id, r.created_at AS at, r.created_at AS key
         FROM (SELECT m.id, m.at FROM m WHERE ${page.keyset(param, 'm.at', 'm.id')} ORDER BY m.at DESC, m.id DESC OFFSET 0) o
         JOIN requests r ON r.id = o.id
        WHERE ${scoped} AND ${hit} ORDER BY o.at DESC, o.id DESC LIMIT ${page.n}`;
  }
  const ids =
    strategy === 'index'
      ? `SELECT DISTINCT d.request_id AS id FROM search_entries d WHERE ${match('d', true)} ${orFolio}`
      : own
        ? `${own} ${orFolio}`
        : null;
  // From a set of ids (index, scope): the caller's requests among them in order first, then the costly check of
  // their entries one request at a time until the page is full (the inner order carries through OFFSET 0).
  return ids
    ? `WITH m AS MATERIALIZED (${ids})
       SELECT r.id, r.created_at AS at, o.sort_key AS key
         FROM (SELECT r.id, ${key} AS sort_key FROM m JOIN requests r ON r.id = m.id WHERE ${scoped}
                ORDER BY ${order(key)} OFFSET 0) o
         JOIN requests r ON r.id = o.id
        WHERE ${hit} ORDER BY ${order('o.sort_key').replace('r.id', 'o.id')} LIMIT ${page.n}`
    : `SELECT r.id, r.created_at AS at, ${key} AS key FROM requests r WHERE ${scoped} AND ${hit}
        ORDER BY ${order(key)} LIMIT ${page.n}`;
}

/** The edits withinEdits() allows a word (allowedEdits()), in SQL. */
const editsSql = (word: string) => `CASE WHEN length(${word}) >= 8 THEN 2 ELSE 1 END`;

/**
 * The queries with each possibly mistyped word replaced by "the word or a name word one or two edits from it",
 * written as tsquery text from the pieces PostgreSQL cut (the rest of the text, each word's own query, its
 * neighbours' queries) and combined as its `&&` and `||` would: an empty side leaves the other, and a word that is
 * a stop word of a language stays out of that language's query with its alternatives, as it would have.
 */
export function expanded(
  rest: Lexemes,
  own: Record<string, Lexemes>,
  neighbours: Map<string, Lexemes[]>,
): { es: string; en: string } {
  const join = (op: '&' | '|') => (a: string, b: string) => (a === '' ? b : b === '' ? a : `( ${a} ) ${op} ( ${b} )`);
  const build = (lang: keyof Lexemes) =>
    [...neighbours].reduce((q, [term, words]) => {
      const mine = own[term]?.[lang] ?? '';
      return join('&')(q, mine === '' ? '' : words.reduce((g, w) => join('|')(g, w[lang]), mine));
    }, rest[lang]);
  return { es: build('es'), en: build('en') };
}

const toItem = (p: PageRow): SearchResult['page'][number] => ({
  id: p.id,
  match: { rank: p.rank, snippets: p.snippets },
  row: p.row,
});

/** A row of the page statement without the engine's own columns: the request's columns as `requests` has them. */
function stripMeta(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('search_')));
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
