import { HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditRecord, AuditWriter, CallContext } from '@ventanilla/audit/audit.writer.js';
import type { AppError } from '@ventanilla/http/app-error.js';

/**
 * Refused transitions (403, 409, 422) roll back with the transaction that tried them, so their `denied` audit
 * event is written afterwards, in a transaction of its own. The lifecycles mark each refusal here; whoever owns
 * the failed transaction (a lifecycle's own `transition`, or a service that chained several) records it. One
 * ledger for requests and assignments, so a refusal raised by either is found by either.
 */
const refusals = new WeakMap<object, AuditRecord>();

/** Marks `err` as a refusal to audit; a validation error (400, e.g. a missing reason) is not one. */
export function markRefused(err: AppError, record: AuditRecord): AppError {
  if (err.status !== HttpStatus.BAD_REQUEST) refusals.set(err, record);
  return err;
}

/** Writes the denied event of a marked refusal (once); anything else is left alone. */
export async function recordRefusal(db: DataSource, audit: AuditWriter, err: unknown, ctx: CallContext): Promise<void> {
  const record = typeof err === 'object' && err !== null ? refusals.get(err) : undefined;
  if (!record) return;
  refusals.delete(err as object);
  await db.transaction((m) => audit.append(m, record, ctx));
}
