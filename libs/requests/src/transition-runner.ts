import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral } from 'typeorm';
import { AuditWriter, type AuditRecord, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { entityFromRow } from '@ventanilla/database/row-mapper.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import type { AppError } from '@ventanilla/http/app-error.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { EffectsWriter } from './effects.writer.js';
import { markRefused, recordRefusal } from './refusal-ledger.js';

/** Column values a transition sets besides status and version; keys are column names. */
export type ColumnPatch = Record<string, unknown>;

/** A row with a lifecycle: its status changes only by compare-and-set on (status, version). */
export interface Versioned extends ObjectLiteral {
  id: string;
  status: string;
  version: number;
}

/** What a caller asks of a lifecycle: the action, who takes it, and what else changes with it. */
export interface LifecycleCommand<E extends Versioned, A extends string> {
  action: A;
  actor: Actor;
  /** The version the caller saw; omitted by system actors, which act on whatever is current. */
  expectedVersion?: number;
  reason?: string | null;
  ctx: CallContext;
  /**
   * The row as the caller has just read it (in scope, or locked): saves reading it again. The compare-and-set
   * refuses the change if the row moved since.
   */
  current?: E;
  /** Extra columns to set, computed from the current row inside the transaction. */
  patch?: (current: E, m: EntityManager) => Promise<ColumnPatch> | ColumnPatch;
  /** More writes in the same transaction, after the status update (e.g. a clarification row). */
  afterUpdate?: (updated: E, m: EntityManager) => Promise<void>;
  /** Follow-up jobs besides the notifications the policy requires. */
  followUps?: (updated: E) => OutboxItem[];
  details?: Record<string, unknown>;
  /** What the notices of this change say besides the object's own facts (a hand-over's names and note). */
  noticeParams?: Record<string, string | number | boolean | null>;
}

/** The domain table's answer for one attempt. */
export type LifecycleDecision<T> = { ok: true; to: string; transition: T } | { ok: false; error: AppError };

/** What a change sets off, once the row is updated. */
export interface Consequences {
  requestId: string;
  /** What the audit event records besides the change itself. */
  details: Record<string, unknown>;
  /** Jobs (clock timers, consolidation…) to write with the change. */
  jobs: OutboxItem[];
  /** The notices the policy names for the event, once it has an id. */
  notices: (sourceEventId: string) => OutboxItem[];
}

/**
 * What differs between the lifecycles of requests and of assignments: their table, their transition table in
 * libs/domain, their refusals and what a change sets off. The runner does everything else, once.
 */
export interface Lifecycle<E extends Versioned, A extends string, T> {
  readonly table: 'requests' | 'assignments';
  readonly entity: new () => E;
  readonly objectType: 'request' | 'assignment';
  notFound(): AppError;
  decide(m: EntityManager, current: E, cmd: LifecycleCommand<E, A>): Promise<LifecycleDecision<T>>;
  conflict(current: E, actor: Actor): AppError;
  /** The audit record of a refused attempt, besides actor, action, object, status and reason. */
  refusal(current: E, cmd: LifecycleCommand<E, A>, err: AppError): Pick<AuditRecord, 'requestId' | 'details'>;
  consequences(m: EntityManager, before: E, after: E, cmd: LifecycleCommand<E, A>): Promise<Consequences>;
}

export interface TransitionOutcome<E, T> {
  row: E;
  transition: T;
  auditEventId: string;
}

const COLUMN = /^[a-z_]+$/;

const camel = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The only way a request or an assignment changes status, in one transaction: the domain table decides; a
 * compare-and-set UPDATE applies (zero rows → 409) and answers the new row; the clocks are re-planned; the audit
 * event, the notices the policy names and the follow-up jobs are written. If any step throws, nothing happened,
 * and a refused attempt is audited afterwards in a transaction of its own.
 */
@Injectable()
export class TransitionRunner {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
  ) {}

  async run<E extends Versioned, A extends string, T>(
    lifecycle: Lifecycle<E, A, T>,
    id: string,
    cmd: LifecycleCommand<E, A>,
  ): Promise<TransitionOutcome<E, T>> {
    try {
      return await this.dataSource.transaction((m) => this.runIn(m, lifecycle, id, cmd));
    } catch (err) {
      await this.auditRefusal(err, cmd.ctx);
      throw err;
    }
  }

  /**
   * A refused attempt rolled back with its transaction; this records it in a transaction of its own, so that
   * auditors see denied attempts too. Callers that own the transaction call it after theirs failed.
   */
  async auditRefusal(err: unknown, ctx: CallContext): Promise<void> {
    await recordRefusal(this.dataSource, this.audit, err, ctx);
  }

  /** The same, inside a transaction the caller owns (registration also takes a folio, routing records a plan). */
  async runIn<E extends Versioned, A extends string, T>(
    m: EntityManager,
    lifecycle: Lifecycle<E, A, T>,
    id: string,
    cmd: LifecycleCommand<E, A>,
  ): Promise<TransitionOutcome<E, T>> {
    const current = cmd.current ?? (await m.getRepository(lifecycle.entity).findOneBy({ id } as never));
    if (!current) throw lifecycle.notFound();
    const refused = refuser(lifecycle, current, cmd);

    const decision = await lifecycle.decide(m, current, cmd);
    if (!decision.ok) throw refused(decision.error);
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current.version) {
      throw refused(lifecycle.conflict(current, cmd.actor));
    }

    const patch = cmd.patch ? await cmd.patch(current, m) : {};
    const columns = Object.keys(patch);
    for (const c of columns) if (!COLUMN.test(c)) throw new Error(`invalid column name in patch: ${c}`);
    const sets = [
      'status = $4',
      'version = version + 1',
      'updated_at = now()',
      ...columns.map((c, i) => `${c} = $${i + 5}`),
    ];
    // TypeORM answers [rows, count] for UPDATE … RETURNING on postgres.
    const [rows] = (await m.query(
      `UPDATE ${lifecycle.table} SET ${sets.join(', ')} WHERE id = $1 AND status = $2 AND version = $3 RETURNING *`,
      [current.id, current.status, current.version, decision.to, ...columns.map((c) => patch[c])],
    )) as [Array<Record<string, unknown>>, number];
    if (rows.length === 0) {
      const now = await m.getRepository(lifecycle.entity).findOneByOrFail({ id: current.id } as never);
      throw refused(lifecycle.conflict(now, cmd.actor));
    }
    const after = entityFromRow(m, lifecycle.entity, rows[0]);
    if (cmd.afterUpdate) await cmd.afterUpdate(after, m);

    const c = await lifecycle.consequences(m, current, after, cmd);
    const event = await this.audit.append(
      m,
      {
        actor: cmd.actor,
        action: `${lifecycle.objectType}.${cmd.action}`,
        objectType: lifecycle.objectType,
        objectId: after.id,
        requestId: c.requestId,
        fromStatus: current.status,
        toStatus: after.status,
        changedFields: ['status', 'version', ...columns.map(camel)],
        reason: cmd.reason ?? null,
        details: c.details,
      },
      cmd.ctx,
    );
    await this.effects.write(m, [...c.notices(event.id), ...c.jobs, ...(cmd.followUps?.(after) ?? [])]);
    return { row: after, transition: decision.transition, auditEventId: event.id };
  }

  /**
   * A row created straight into the target of an action (a request submitted as it is created): the domain
   * table decides the action as it would for a new draft, `insert` writes the row in the status it answers, and
   * the change is audited as the row's creation (from nothing), with the same consequences as the action.
   */
  async createIn<E extends Versioned, A extends string, T>(
    m: EntityManager,
    lifecycle: Lifecycle<E, A, T>,
    draft: E,
    cmd: LifecycleCommand<E, A> & { changedFields: string[] },
    insert: (status: string) => Promise<E>,
  ): Promise<TransitionOutcome<E, T>> {
    const decision = await lifecycle.decide(m, draft, cmd);
    if (!decision.ok) throw refuser(lifecycle, draft, cmd)(decision.error);
    const after = await insert(decision.to);
    if (cmd.afterUpdate) await cmd.afterUpdate(after, m);
    const c = await lifecycle.consequences(m, draft, after, cmd);
    const event = await this.audit.append(
      m,
      {
        actor: cmd.actor,
        action: `${lifecycle.objectType}.create`,
        objectType: lifecycle.objectType,
        objectId: after.id,
        requestId: c.requestId,
        fromStatus: null,
        toStatus: after.status,
        changedFields: cmd.changedFields,
        reason: cmd.reason ?? null,
        details: cmd.details ?? {},
      },
      cmd.ctx,
    );
    await this.effects.write(m, [...c.notices(event.id), ...c.jobs, ...(cmd.followUps?.(after) ?? [])]);
    return { row: after, transition: decision.transition, auditEventId: event.id };
  }
}

/** Marks a refusal of `cmd` on `current` for the audit (recorded once the transaction has rolled back). */
function refuser<E extends Versioned, A extends string, T>(
  lifecycle: Lifecycle<E, A, T>,
  current: E,
  cmd: LifecycleCommand<E, A>,
): (err: AppError) => AppError {
  return (err) =>
    markRefused(err, {
      actor: cmd.actor,
      action: `${lifecycle.objectType}.${cmd.action}`,
      objectType: lifecycle.objectType,
      objectId: current.id ?? null,
      fromStatus: current.status,
      toStatus: null,
      outcome: 'denied',
      reason: cmd.reason ?? null,
      ...lifecycle.refusal(current, cmd, err),
    });
}
