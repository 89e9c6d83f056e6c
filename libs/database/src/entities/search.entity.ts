import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One searchable text of the record (issue 15), kept by triggers in the transaction that writes the text: the
 * request itself (title, subjects, summary, places…), each clarification, each agency answer and agency
 * question, the reply, each translation, each attachment (name, description and extracted text). Only the
 * tsvector is kept here; snippets are cut from the original at query time, and who may see an entry is decided
 * by the scoping SQL of its request and its source row, never by a copy of those facts.
 */
@Entity('search_entries')
@Index('search_entries_newest_idx', ['requestCreatedAt', 'requestId'])
// GIN over `tsv` (see the search migration): declared so schema tools leave it alone.
@Index('search_entries_tsv_idx', { synchronize: false })
// The search migration's check constraints, as PostgreSQL prints them.
@Check(
  'search_entries_kind_chk',
  `(kind = ANY (ARRAY['request'::text, 'clarification'::text, 'agency_clarification'::text, 'answer'::text, 'reply'::text, 'translation'::text, 'attachment'::text]))`,
)
@Check('search_entries_language_chk', `(language = ANY (ARRAY['en'::text, 'es'::text]))`)
export class SearchEntryEntity {
  @PrimaryColumn({ type: 'uuid' }) requestId: string;
  /** request | clarification | agency_clarification | answer | reply | translation | attachment */
  @PrimaryColumn({ type: 'text' }) kind: string;
  /** The row the text comes from (the request's own id for `request` and `reply`). */
  @PrimaryColumn({ type: 'uuid' }) sourceId: string;
  /** The request's creation time: the order of the newest-first walk. */
  @Column({ type: 'timestamptz', precision: 3 }) requestCreatedAt: Date;
  /** Answers and agency questions: the agency whose text it is. */
  @Column({ type: 'text', nullable: true }) agency: string | null;
  /** en | es: which stemmer made the tsvector, and so which form of the query it is matched with. */
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'tsvector' }) tsv: string;
}

/** Every word of every subject's name, folded (lower case, no accents): what a mistyped name is matched against. */
@Entity('search_name_words')
// Trigram GiST over `word` (nearest words first; see the search migration).
@Index('search_name_words_trgm_idx', { synchronize: false })
export class SearchNameWordEntity {
  @PrimaryColumn({ type: 'text' }) word: string;
}
