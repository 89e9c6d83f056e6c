import { REQUIRED_ON_SUBMIT, SUBJECT_KINDS } from '@ventanilla/domain/request-fields.js';
import { FIELD_LIMITS } from '../api/api-contract';
import type { CreateRequestBody, RequestType, RequestView } from '../api/client';
import type { Language } from '../i18n/language';

export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface SubjectValues {
  kind: SubjectKind;
  name: string;
  nationality: string;
  isMexicanOfficial: boolean;
}

/** The form as the user edits it: every field present, dates as `datetime-local` text in their time zone. */
export interface RequestFormValues {
  type: string;
  topics: string[];
  priority: string;
  title: string;
  summary: string;
  language: string;
  classification: string;
  handlingCode: string;
  legalBasis: string;
  subjects: SubjectValues[];
  locations: string[];
  neededBy: string;
  proposedActionAt: string;
  /** planned | operation | exigent, for types that need advance notice (NS-3). */
  actionKind: string;
  usPersonnelOnMexicanSoil: boolean;
  diplomaticNoteNumber: string;
}

/** A problem with one field, in the server's terms: its path (`subjects[0].name`), code and parameters. */
export interface FormFieldError {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

export function emptyRequestForm(language: Language): RequestFormValues {
  return {
    type: '',
    topics: [],
    priority: '',
    title: '',
    summary: '',
    language,
    classification: '',
    handlingCode: '',
    legalBasis: '',
    subjects: [],
    locations: [],
    neededBy: '',
    proposedActionAt: '',
    actionKind: '',
    usPersonnelOnMexicanSoil: false,
    diplomaticNoteNumber: '',
  };
}

export const emptySubject = (): SubjectValues => ({
  kind: 'person',
  name: '',
  nationality: '',
  isMexicanOfficial: false,
});

/** `2026-05-01T09:30` in the user's zone ↔ an ISO instant; what `<input type="datetime-local">` speaks. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function formFromRequest(r: RequestView): RequestFormValues {
  return {
    type: r.type,
    topics: r.topics,
    priority: r.priority,
    title: r.title,
    summary: r.summary,
    language: r.language,
    classification: r.classification,
    handlingCode: r.handlingCode,
    legalBasis: r.legalBasis ?? '',
    subjects: r.subjects.map((s) => ({
      kind: s.kind,
      name: s.name,
      nationality: s.nationality ?? '',
      isMexicanOfficial: s.isMexicanOfficial ?? false,
    })),
    locations: r.locations,
    neededBy: toLocalInput(r.neededBy),
    proposedActionAt: toLocalInput(r.proposedActionAt),
    actionKind: r.actionKind ?? '',
    usPersonnelOnMexicanSoil: r.usPersonnelOnMexicanSoil,
    diplomaticNoteNumber: r.diplomaticNoteNumber ?? '',
  };
}

type RequestFields = Omit<CreateRequestBody, 'draft'>;

/**
 * The body the API expects. Blank fields are left out rather than sent empty: the server refuses an empty
 * title, while a draft may simply not have one yet. Blank location rows are dropped.
 */
export function toRequestBody(v: RequestFormValues): RequestFields {
  const text = (s: string) => (s.trim() ? s.trim() : undefined);
  const locations = v.locations.map((l) => l.trim()).filter(Boolean);
  const body: RequestFields = {
    type: text(v.type),
    topics: v.topics.length ? v.topics : undefined,
    priority: (text(v.priority) as RequestFields['priority']) ?? undefined,
    title: text(v.title),
    summary: text(v.summary),
    language: (text(v.language) as RequestFields['language']) ?? undefined,
    classification: (text(v.classification) as RequestFields['classification']) ?? undefined,
    handlingCode: (text(v.handlingCode) as RequestFields['handlingCode']) ?? undefined,
    legalBasis: text(v.legalBasis),
    subjects: v.subjects.length
      ? v.subjects.map((s) => ({
          kind: s.kind,
          name: s.name.trim(),
          ...(s.nationality.trim() ? { nationality: s.nationality.trim() } : {}),
          ...(s.isMexicanOfficial ? { isMexicanOfficial: true } : {}),
        }))
      : undefined,
    locations: locations.length ? locations : undefined,
    neededBy: fromLocalInput(v.neededBy),
    proposedActionAt: fromLocalInput(v.proposedActionAt),
    actionKind: (text(v.actionKind) as RequestFields['actionKind']) ?? undefined,
    usPersonnelOnMexicanSoil: v.usPersonnelOnMexicanSoil || undefined,
    diplomaticNoteNumber: text(v.diplomaticNoteNumber),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as RequestFields;
}

const limit = (schema: string, field: string) => FIELD_LIMITS[schema]?.[field]?.maxLength;

/**
 * What the server would say about these values, checked before sending: the same field paths, codes and
 * limits (from the OpenAPI document), so the messages are the server's own (see field-messages.ts).
 * Submitting adds the completeness rules; a draft only has to be well formed.
 */
export function validateRequestForm(
  v: RequestFormValues,
  opts: { submitting: boolean; type?: RequestType },
): FormFieldError[] {
  const errors: FormFieldError[] = [];
  const body = toRequestBody(v);
  if (opts.submitting) {
    for (const field of REQUIRED_ON_SUBMIT) {
      if (body[field] === undefined) errors.push({ field, code: 'required' });
    }
    if (opts.type?.requiresProposedActionAt && !body.proposedActionAt) {
      errors.push({ field: 'proposedActionAt', code: 'required_for_type' });
    }
    if (opts.type?.requiresProposedActionAt && !body.actionKind) {
      errors.push({ field: 'actionKind', code: 'required_for_type' });
    }
  }
  const tooLong = (path: string, value: string | undefined, max: number | undefined) => {
    if (value !== undefined && max !== undefined && value.length > max)
      errors.push({ field: path, code: 'maxLength', params: { max } });
  };
  for (const field of ['title', 'summary', 'legalBasis', 'diplomaticNoteNumber'] as const) {
    tooLong(field, body[field], limit('CreateRequestDto', field));
  }
  v.subjects.forEach((s, i) => {
    if (!s.name.trim()) errors.push({ field: `subjects[${i}].name`, code: 'required' });
    tooLong(`subjects[${i}].name`, s.name.trim(), limit('SubjectDto', 'name'));
    tooLong(`subjects[${i}].nationality`, s.nationality.trim() || undefined, limit('SubjectDto', 'nationality'));
  });
  if (v.neededBy && !body.neededBy) errors.push({ field: 'neededBy', code: 'isIso8601' });
  if (v.proposedActionAt && !body.proposedActionAt) errors.push({ field: 'proposedActionAt', code: 'isIso8601' });
  return errors;
}

/** `subjects[0].name` (the API's path) → `subjects.0.name` (the form library's); `topics[2]` → `topics`. */
export function formPath(apiField: string): string {
  if (apiField.startsWith('topics[')) return 'topics';
  return apiField.replace(/\[(\d+)\]/g, '.$1');
}
