import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search across the record (issue 15). Every searchable text gets a row in `search_entries` (a tsvector, never a
 * copy of the text), written by triggers in the transaction that writes the text, so no code path can forget
 * it. Spanish and English text search configurations fold accents (unaccent) before stemming; subjects' name
 * words go into a small vocabulary with a trigram index, against which mistyped names are matched.
 * `unaccent` and `pg_trgm` are trusted extensions: a database owner may create them without superuser rights.
 */
export class Search1796361851077 implements MigrationInterface {
  name = 'Search1796361851077';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q(`CREATE TEXT SEARCH CONFIGURATION ventanilla_es (COPY = pg_catalog.spanish)`);
    await q(
      `ALTER TEXT SEARCH CONFIGURATION ventanilla_es ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem`,
    );
    await q(`CREATE TEXT SEARCH CONFIGURATION ventanilla_en (COPY = pg_catalog.english)`);
    await q(
      `ALTER TEXT SEARCH CONFIGURATION ventanilla_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem`,
    );

    await q(
      `CREATE TABLE "attachment_texts" ("attachment_id" uuid NOT NULL, "status" text NOT NULL, "text" text,
        "extracted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_attachment_texts" PRIMARY KEY ("attachment_id"),
        CONSTRAINT "attachment_texts_status_chk" CHECK (status IN ('extracted', 'unreadable', 'unsupported')))`,
    );
    await q(
      `CREATE TABLE "search_entries" ("request_id" uuid NOT NULL, "kind" text NOT NULL, "source_id" uuid NOT NULL,
        "request_created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "agency" text, "language" text NOT NULL, "tsv" tsvector NOT NULL,
        CONSTRAINT "PK_search_entries" PRIMARY KEY ("request_id", "kind", "source_id"),
        CONSTRAINT "search_entries_kind_chk" CHECK (kind IN ('request', 'clarification', 'agency_clarification', 'answer', 'reply', 'translation', 'attachment')),
        CONSTRAINT "search_entries_language_chk" CHECK (language IN ('en', 'es')))`,
    );
    await q(`CREATE INDEX "search_entries_tsv_idx" ON "search_entries" USING gin ("tsv")`);
    await q(`CREATE INDEX "search_entries_newest_idx" ON "search_entries" ("request_created_at", "request_id")`);
    await q(
      `CREATE TABLE "search_name_words" ("word" text NOT NULL, CONSTRAINT "PK_search_name_words" PRIMARY KEY ("word"))`,
    );
    await q(`CREATE INDEX "search_name_words_trgm_idx" ON "search_name_words" USING gist ("word" gist_trgm_ops)`);
    await q(`CREATE INDEX "requests_folio_prefix_idx" ON "requests" ("folio" text_pattern_ops)`);

    // Which language a text is in, when nobody said: whichever language's common short words it has more of.
    await q(`CREATE FUNCTION search_language(t text, fallback text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN s.es > s.en THEN 'es' WHEN s.en > s.es THEN 'en' WHEN fallback = 'es' THEN 'es' ELSE 'en' END
        FROM (SELECT count(*) FILTER (WHERE w IN ('de', 'la', 'que', 'el', 'los', 'del', 'las', 'por', 'con', 'una',
                       'para', 'se', 'su', 'al', 'lo', 'como', 'mas', 'pero', 'sus', 'le', 'ya', 'este', 'porque', 'esta',
                       'entre', 'cuando', 'muy', 'sin', 'sobre', 'fue', 'ha', 'y')) AS es,
                     count(*) FILTER (WHERE w IN ('the', 'of', 'and', 'to', 'is', 'that', 'for', 'with', 'was', 'on', 'by',
                       'are', 'as', 'at', 'be', 'this', 'from', 'or', 'have', 'an', 'which', 'it', 'were', 'has', 'his',
                       'her', 'their', 'not', 'been')) AS en
                FROM regexp_split_to_table(lower(left(t, 3000)), '[^[:alpha:]]+') AS w) s
    $$`);
    await q(`CREATE FUNCTION search_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN language = 'es' THEN 'public.ventanilla_es'::regconfig ELSE 'public.ventanilla_en'::regconfig END
    $$`);
    await q(`CREATE FUNCTION search_subject_field(subjects jsonb, field text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(string_agg(s ->> field, ' · '), '')
        FROM jsonb_array_elements(CASE jsonb_typeof(subjects) WHEN 'array' THEN subjects ELSE '[]'::jsonb END) s
    $$`);
    await q(`CREATE FUNCTION search_request_language(r requests) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN r.language IN ('en', 'es') THEN r.language ELSE search_language(r.title || ' ' || r.summary, 'en') END
    $$`);
    // A file's name as words ("informe_final.pdf" → "informe final pdf"): the parser reads a name with dots as one token.
    await q(`CREATE FUNCTION search_file_name(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT regexp_replace(name, '[._]+', ' ', 'g')
    $$`);
    // What of a request is searchable, in the order a snippet shows it; the tsvector weighs the title and the
    // subjects' names (A) above the rest (B).
    await q(`CREATE FUNCTION search_request_text(r requests) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT concat_ws(E'\\n', nullif(r.title, ''), nullif(search_subject_field(r.subjects, 'name'), ''), nullif(r.summary, ''),
               nullif(search_subject_field(r.subjects, 'nationality'), ''), nullif(array_to_string(r.locations, ' · '), ''),
               r.legal_basis, r.diplomatic_note_number)
    $$`);
    await q(`CREATE FUNCTION search_request_tsv(r requests) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
      SELECT setweight(to_tsvector(search_config(search_request_language(r)),
                                   r.title || ' ' || search_subject_field(r.subjects, 'name')), 'A')
          || setweight(to_tsvector(search_config(search_request_language(r)),
                                   concat_ws(' ', r.summary, search_subject_field(r.subjects, 'nationality'),
                                             array_to_string(r.locations, ' '), r.legal_basis, r.diplomatic_note_number)), 'B')
    $$`);
    // The text an entry was made from, read where it lives: snippets are cut from it, never from a copy. An
    // attachment's extracted text is cut short for snippets (the whole of it is indexed, up to 300,000 characters).
    await q(`CREATE FUNCTION search_entry_text(p_kind text, p_source uuid) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT CASE p_kind
        WHEN 'request' THEN (SELECT search_request_text(r) FROM requests r WHERE r.id = p_source)
        WHEN 'clarification' THEN (SELECT concat_ws(E'\\n', c.question, c.answer) FROM request_clarifications c WHERE c.id = p_source)
        WHEN 'agency_clarification' THEN
          (SELECT concat_ws(E'\\n', c.question, c.answer) FROM assignment_clarifications c WHERE c.id = p_source)
        WHEN 'answer' THEN (SELECT x.text FROM assignment_responses x WHERE x.id = p_source)
        WHEN 'reply' THEN (SELECT r.response ->> 'text' FROM requests r WHERE r.id = p_source)
        WHEN 'translation' THEN (SELECT t.text FROM translations t WHERE t.id = p_source)
        WHEN 'attachment' THEN (SELECT concat_ws(E'\\n', search_file_name(a.filename), a.description, left(x.text, 100000))
                                  FROM attachments a LEFT JOIN attachment_texts x ON x.attachment_id = a.id WHERE a.id = p_source)
      END
    $$`);
    await q(`CREATE FUNCTION search_put(p_request uuid, p_kind text, p_source uuid, p_agency text, p_language text, p_tsv tsvector)
      RETURNS void LANGUAGE sql AS $$
      INSERT INTO search_entries (request_id, kind, source_id, request_created_at, agency, language, tsv)
      SELECT p_request, p_kind, p_source, r.created_at, p_agency, p_language, p_tsv FROM requests r WHERE r.id = p_request
      ON CONFLICT (request_id, kind, source_id)
        DO UPDATE SET agency = EXCLUDED.agency, language = EXCLUDED.language, tsv = EXCLUDED.tsv
    $$`);
    await q(`CREATE FUNCTION search_put_name_words(subjects jsonb) RETURNS void LANGUAGE sql AS $$
      INSERT INTO search_name_words (word)
      SELECT DISTINCT w FROM regexp_split_to_table(lower(unaccent(search_subject_field(subjects, 'name'))), '[^[:alnum:]]+') w
       WHERE length(w) >= 3
      ON CONFLICT DO NOTHING
    $$`);
    // An attachment's name and description (C) and the text a job extracted from it (D), capped so that a huge
    // document cannot overflow a tsvector.
    await q(`CREATE FUNCTION search_put_attachment(p_id uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        a record;
        lang text;
        head text;
        tsv tsvector;
      BEGIN
        SELECT at.id, at.request_id, at.agency, at.filename, at.description, left(x.text, 300000) AS text,
               search_request_language(r) AS request_language
          INTO a FROM attachments at JOIN requests r ON r.id = at.request_id
          LEFT JOIN attachment_texts x ON x.attachment_id = at.id WHERE at.id = p_id;
        IF NOT FOUND THEN RETURN; END IF;
        lang := search_language(coalesce(a.text, a.description, ''), a.request_language);
        head := search_file_name(a.filename) || ' ' || coalesce(a.description, '');
        BEGIN
          tsv := setweight(to_tsvector(search_config(lang), head), 'C')
              || setweight(to_tsvector(search_config(lang), coalesce(a.text, '')), 'D');
        EXCEPTION WHEN program_limit_exceeded THEN
          tsv := setweight(to_tsvector(search_config(lang), head), 'C')
              || setweight(to_tsvector(search_config(lang), left(coalesce(a.text, ''), 20000)), 'D');
        END;
        PERFORM search_put(a.request_id, 'attachment', a.id, a.agency, lang, tsv);
      END
    $$`);

    await q(`CREATE FUNCTION search_index_request() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        lang text := search_request_language(NEW);
        reply text := NEW.response ->> 'text';
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title OR NEW.summary IS DISTINCT FROM OLD.summary
           OR NEW.subjects IS DISTINCT FROM OLD.subjects OR NEW.locations IS DISTINCT FROM OLD.locations
           OR NEW.language IS DISTINCT FROM OLD.language OR NEW.legal_basis IS DISTINCT FROM OLD.legal_basis
           OR NEW.diplomatic_note_number IS DISTINCT FROM OLD.diplomatic_note_number THEN
          INSERT INTO search_entries (request_id, kind, source_id, request_created_at, agency, language, tsv)
          VALUES (NEW.id, 'request', NEW.id, NEW.created_at, NULL, lang, search_request_tsv(NEW))
          ON CONFLICT (request_id, kind, source_id) DO UPDATE SET language = EXCLUDED.language, tsv = EXCLUDED.tsv;
          IF TG_OP = 'INSERT' OR NEW.subjects IS DISTINCT FROM OLD.subjects THEN
            PERFORM search_put_name_words(NEW.subjects);
          END IF;
        END IF;
        IF reply IS NOT NULL AND (TG_OP = 'INSERT' OR reply IS DISTINCT FROM OLD.response ->> 'text') THEN
          lang := search_language(reply, lang);
          INSERT INTO search_entries (request_id, kind, source_id, request_created_at, agency, language, tsv)
          VALUES (NEW.id, 'reply', NEW.id, NEW.created_at, NULL, lang, setweight(to_tsvector(search_config(lang), reply), 'C'))
          ON CONFLICT (request_id, kind, source_id) DO UPDATE SET language = EXCLUDED.language, tsv = EXCLUDED.tsv;
        END IF;
        RETURN NULL;
      END
    $$`);
    await q(
      `CREATE TRIGGER search_index_request_ins AFTER INSERT ON requests FOR EACH ROW EXECUTE FUNCTION search_index_request()`,
    );
    await q(`CREATE TRIGGER search_index_request_upd AFTER UPDATE OF title, summary, subjects, locations, language, legal_basis,
      diplomatic_note_number, response ON requests FOR EACH ROW EXECUTE FUNCTION search_index_request()`);

    await q(`CREATE FUNCTION search_index_clarification() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        body text := concat_ws(E'\\n', NEW.question, NEW.answer);
        lang text;
      BEGIN
        SELECT search_language(body, search_request_language(r)) INTO lang FROM requests r WHERE r.id = NEW.request_id;
        PERFORM search_put(NEW.request_id, 'clarification', NEW.id, NULL, lang,
                           setweight(to_tsvector(search_config(lang), body), 'C'));
        RETURN NULL;
      END
    $$`);
    await q(`CREATE TRIGGER search_index_clarification AFTER INSERT OR UPDATE OF question, answer ON request_clarifications
      FOR EACH ROW EXECUTE FUNCTION search_index_clarification()`);

    // An agency's question to the hub and the hub's answer; Mexican agencies write Spanish unless the text says otherwise.
    await q(`CREATE FUNCTION search_index_agency_clarification() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        body text := concat_ws(E'\\n', NEW.question, NEW.answer);
        lang text := search_language(body, 'es');
        a record;
      BEGIN
        SELECT request_id, agency INTO a FROM assignments WHERE id = NEW.assignment_id;
        PERFORM search_put(a.request_id, 'agency_clarification', NEW.id, a.agency, lang,
                           setweight(to_tsvector(search_config(lang), body), 'C'));
        RETURN NULL;
      END
    $$`);
    await q(`CREATE TRIGGER search_index_agency_clarification AFTER INSERT OR UPDATE OF question, answer ON assignment_clarifications
      FOR EACH ROW EXECUTE FUNCTION search_index_agency_clarification()`);

    await q(`CREATE FUNCTION search_index_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        lang text := search_language(NEW.text, 'es');
      BEGIN
        PERFORM search_put(NEW.request_id, 'answer', NEW.id, NEW.agency, lang,
                           setweight(to_tsvector(search_config(lang), NEW.text), 'C'));
        RETURN NULL;
      END
    $$`);
    await q(`CREATE TRIGGER search_index_answer AFTER INSERT OR UPDATE OF text ON assignment_responses
      FOR EACH ROW EXECUTE FUNCTION search_index_answer()`);

    await q(`CREATE FUNCTION search_index_translation() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        lang text := CASE WHEN NEW.language = 'es' THEN 'es' ELSE 'en' END;
      BEGIN
        PERFORM search_put(NEW.request_id, 'translation', NEW.id, NULL, lang,
                           setweight(to_tsvector(search_config(lang), NEW.text), 'C'));
        RETURN NULL;
      END
    $$`);
    await q(`CREATE TRIGGER search_index_translation AFTER INSERT OR UPDATE OF text, language ON translations
      FOR EACH ROW EXECUTE FUNCTION search_index_translation()`);

    await q(`CREATE FUNCTION search_index_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_entries WHERE request_id = OLD.request_id AND kind = 'attachment' AND source_id = OLD.id;
        ELSE
          PERFORM search_put_attachment(NEW.id);
        END IF;
        RETURN NULL;
      END
    $$`);
    await q(`CREATE TRIGGER search_index_attachment AFTER INSERT OR UPDATE OF filename, description OR DELETE ON attachments
      FOR EACH ROW EXECUTE FUNCTION search_index_attachment()`);
    await q(`CREATE FUNCTION search_index_attachment_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM search_put_attachment(NEW.attachment_id);
        RETURN NULL;
      END
    $$`);
    await q(`CREATE TRIGGER search_index_attachment_text AFTER INSERT OR UPDATE ON attachment_texts
      FOR EACH ROW EXECUTE FUNCTION search_index_attachment_text()`);

    // What was written before this migration: indexed now, and every attachment queued for text extraction.
    await q(`INSERT INTO search_entries (request_id, kind, source_id, request_created_at, agency, language, tsv)
      SELECT r.id, 'request', r.id, r.created_at, NULL, search_request_language(r), search_request_tsv(r) FROM requests r`);
    await q(`SELECT count(search_put_name_words(subjects)) FROM requests`);
    await q(`INSERT INTO search_entries (request_id, kind, source_id, request_created_at, agency, language, tsv)
      SELECT r.id, 'reply', r.id, r.created_at, NULL, l.lang, setweight(to_tsvector(search_config(l.lang), r.response ->> 'text'), 'C')
        FROM requests r, LATERAL (SELECT search_language(r.response ->> 'text', search_request_language(r)) AS lang) l
       WHERE r.response ->> 'text' IS NOT NULL`);
    await q(`UPDATE request_clarifications SET question = question`);
    await q(`UPDATE assignment_clarifications SET question = question`);
    await q(`UPDATE assignment_responses SET text = text`);
    await q(`UPDATE translations SET text = text`);
    await q(`SELECT count(search_put_attachment(id)) FROM attachments`);
    await q(`INSERT INTO outbox (queue, job_name, payload)
      SELECT 'documents', 'attachment.extract_text', jsonb_build_object('attachmentId', id) FROM attachments WHERE withdrawn_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TRIGGER search_index_attachment_text ON attachment_texts`);
    await q(`DROP TRIGGER search_index_attachment ON attachments`);
    await q(`DROP TRIGGER search_index_translation ON translations`);
    await q(`DROP TRIGGER search_index_answer ON assignment_responses`);
    await q(`DROP TRIGGER search_index_agency_clarification ON assignment_clarifications`);
    await q(`DROP TRIGGER search_index_clarification ON request_clarifications`);
    await q(`DROP TRIGGER search_index_request_upd ON requests`);
    await q(`DROP TRIGGER search_index_request_ins ON requests`);
    for (const f of [
      'search_index_attachment_text()',
      'search_index_attachment()',
      'search_index_translation()',
      'search_index_answer()',
      'search_index_agency_clarification()',
      'search_index_clarification()',
      'search_index_request()',
      'search_put_attachment(uuid)',
      'search_put_name_words(jsonb)',
      'search_put(uuid, text, uuid, text, text, tsvector)',
      'search_entry_text(text, uuid)',
      'search_request_tsv(requests)',
      'search_request_text(requests)',
      'search_request_language(requests)',
      'search_subject_field(jsonb, text)',
      'search_file_name(text)',
      'search_config(text)',
      'search_language(text, text)',
    ])
      await q(`DROP FUNCTION ${f}`);
    await q(`DROP INDEX "requests_folio_prefix_idx"`);
    await q(`DROP TABLE "search_name_words"`);
    await q(`DROP TABLE "search_entries"`);
    await q(`DROP TABLE "attachment_texts"`);
    await q(`DROP TEXT SEARCH CONFIGURATION ventanilla_en`);
    await q(`DROP TEXT SEARCH CONFIGURATION ventanilla_es`);
  }
}
