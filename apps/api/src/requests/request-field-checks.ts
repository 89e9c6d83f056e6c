import { HttpStatus } from '@nestjs/common';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { REQUIRED_ON_SUBMIT } from '@ventanilla/domain/request-fields.js';
import { requiresProposedActionAt, type NoSurprisesClass, type Priority } from '@ventanilla/domain/request-status.js';
import { AppError, type FieldError } from '@ventanilla/http/app-error.js';
import type { CrossChecks } from '@ventanilla/http/validation.js';
import type { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { CreateRequestDto, UpdateDraftDto, type RequestFieldsDto } from './requests.dto.js';

/** A date a little behind the server's clock is not "in the past": the caller's clock may run behind. */
export const PAST_TOLERANCE_MS = 60_000;

/** Dates the requester gives that must lie ahead when the request is submitted. */
const FUTURE_DATES = ['neededBy', 'proposedActionAt'] as const;

interface ReferenceCodes {
  requestTypes: Map<string, { noSurprises: string }>;
  topics: Map<string, unknown>;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * What the shape of a request's fields cannot tell: unknown reference codes, and when submitting, missing
 * fields, fields the type requires, and dates already past. Written for raw input too (it runs beside the
 * shape checks, so that one answer names every problem): a field of the wrong kind is skipped here, since
 * the shape check names it. `skip` lists the fields the shape check already named.
 */
export function requestFieldErrors(
  fields: Record<string, unknown>,
  ref: ReferenceCodes,
  opts: { submitting: boolean; now: Date; skip?: ReadonlySet<string> },
): FieldError[] {
  const skip = opts.skip ?? new Set<string>();
  const errors: FieldError[] = [];
  const type = typeof fields.type === 'string' ? ref.requestTypes.get(fields.type) : undefined;
  if (typeof fields.type === 'string' && !type && !skip.has('type')) {
    errors.push({ field: 'type', code: 'unknown_code', params: { value: fields.type } });
  }
  if (Array.isArray(fields.topics) && !skip.has('topics')) {
    fields.topics.forEach((t, i) => {
      if (typeof t === 'string' && !ref.topics.has(t))
        errors.push({ field: `topics[${i}]`, code: 'unknown_code', params: { value: t } });
    });
  }
  if (!opts.submitting) return errors;

  for (const field of REQUIRED_ON_SUBMIT) {
    if (isEmpty(fields[field]) && !skip.has(field)) errors.push({ field, code: 'required' });
  }
  const needsNotice = type !== undefined && requiresProposedActionAt(type.noSurprises as NoSurprisesClass);
  // NS-3: the kind of action decides the minimum notice (and, for exigent ones, the post-action report).
  for (const field of ['proposedActionAt', 'actionKind'] as const) {
    if (needsNotice && isEmpty(fields[field]) && !skip.has(field)) errors.push({ field, code: 'required_for_type' });
  }
  for (const field of FUTURE_DATES) {
    const value = fields[field];
    if (typeof value !== 'string' || skip.has(field)) continue;
    const at = Date.parse(value);
    if (Number.isFinite(at) && at < opts.now.getTime() - PAST_TOLERANCE_MS)
      errors.push({ field, code: 'future_required' });
  }
  return errors;
}

/** The request bodies whose reference and completeness checks run beside the shape checks (one round). */
export function requestCrossChecks(reference: ReferenceRepository): CrossChecks {
  const check =
    (submitting: (raw: Record<string, unknown>) => boolean) =>
    async (raw: unknown, skip: ReadonlySet<string>): Promise<FieldError[]> => {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
      const fields = raw as Record<string, unknown>;
      return requestFieldErrors(fields, await reference.get(), {
        submitting: submitting(fields),
        now: new Date(),
        skip,
      });
    };
  return new Map([
    [CreateRequestDto, check((raw) => raw.draft !== true)],
    [UpdateDraftDto, check(() => false)],
  ]);
}

/** Reference checks and, when submitting, completeness: every problem as a field error at once. */
export async function checkRequestFields(
  reference: ReferenceRepository,
  dto: RequestFieldsDto,
  submitting: boolean,
): Promise<{ noSurprises: NoSurprisesClass | null; defaultPriority: Priority | null }> {
  const ref = await reference.get();
  const type = dto.type ? ref.requestTypes.get(dto.type) : undefined;
  const errors = requestFieldErrors(dto as Record<string, unknown>, ref, { submitting, now: new Date() });
  if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
  return {
    noSurprises: (type?.noSurprises as NoSurprisesClass | undefined) ?? null,
    defaultPriority: (type?.defaultPriority as Priority | undefined) ?? null,
  };
}

/**
 * Every column the requester writes, from the DTO: one mapping for create and for draft edits. A draft keeps
 * what the requester has not chosen empty, so that submitting finds it missing.
 */
export function requestColumns(
  dto: RequestFieldsDto,
  noSurprises: NoSurprisesClass | null,
  priority: string,
): Record<string, unknown> {
  return {
    type: dto.type ?? '',
    topics: dto.topics ?? [],
    priority,
    title: dto.title ?? '',
    summary: dto.summary ?? '',
    language: dto.language ?? '',
    classification: dto.classification ?? '',
    handling_code: dto.handlingCode ?? '',
    legal_basis: dto.legalBasis ?? null,
    subjects: JSON.stringify(dto.subjects ?? []),
    locations: dto.locations ?? [],
    needed_by: dto.neededBy ? new Date(dto.neededBy) : null,
    proposed_action_at: dto.proposedActionAt ? new Date(dto.proposedActionAt) : null,
    action_kind: dto.actionKind ?? null,
    us_personnel_on_mexican_soil: dto.usPersonnelOnMexicanSoil ?? false,
    diplomatic_note_number: dto.diplomaticNoteNumber ?? null,
    // GANS authorization: the type's class, or US personnel on Mexican soil (routing modifier M-002).
    needs_authorization: noSurprises === 'authorization' || dto.usPersonnelOnMexicanSoil === true,
  };
}

/** A draft's fields as the requester gave them (empty ones left out), for checks at submission. */
export function draftFields(r: RequestEntity): RequestFieldsDto {
  const opt = <T>(v: T | null | ''): T | undefined => (v === null || v === '' ? undefined : v);
  return {
    type: opt(r.type),
    topics: r.topics.length ? r.topics : undefined,
    priority: r.priority,
    title: opt(r.title),
    summary: opt(r.summary),
    language: opt(r.language),
    classification: opt(r.classification),
    handlingCode: opt(r.handlingCode),
    legalBasis: opt(r.legalBasis),
    subjects: r.subjects.length ? r.subjects : undefined,
    locations: r.locations.length ? r.locations : undefined,
    neededBy: r.neededBy?.toISOString(),
    proposedActionAt: r.proposedActionAt?.toISOString(),
    actionKind: r.actionKind ?? undefined,
    usPersonnelOnMexicanSoil: r.usPersonnelOnMexicanSoil,
    diplomaticNoteNumber: opt(r.diplomaticNoteNumber),
  };
}
