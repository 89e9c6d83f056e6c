import { REQUIRED_ON_SUBMIT } from '@ventanilla/domain/request-fields.js';
import { requiresProposedActionAt, type NoSurprisesClass } from '@ventanilla/domain/request-status.js';
import type { FieldError } from '@ventanilla/http/app-error.js';
import type { CrossChecks } from '@ventanilla/http/validation.js';
import type { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { CreateRequestDto, UpdateDraftDto } from './requests.dto.js';

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
