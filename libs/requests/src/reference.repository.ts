import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelListener } from '@ventanilla/database/channel-listener.js';
import {
  AgencyEntity,
  HolidayEntity,
  NoticeLeadTimeEntity,
  RequestTypeEntity,
  RoutingRuleSetEntity,
  SlaPolicyEntity,
  TopicEntity,
} from '@ventanilla/database/entities/reference.entity.js';
import { defaultCalendar, type BusinessCalendar, type Duration } from '@ventanilla/domain/business-calendar.js';
import { isActionKind, type ActionKind, type NoticeLeadTime } from '@ventanilla/domain/advance-notice.js';
import type { AgencyCountry, PolicyReference } from '@ventanilla/domain/notification-policy.js';
import { NO_SURPRISES_CLASSES, type NoSurprisesClass } from '@ventanilla/domain/request-status.js';
import { ruleSetFromReferenceJson, type RoutingRuleSetDocument } from '@ventanilla/domain/routing-rules.js';
import type { SlaTargets } from '@ventanilla/domain/sla-clock.js';

interface Snapshot {
  requestTypes: Map<string, RequestTypeEntity>;
  topics: Map<string, TopicEntity>;
  agencies: Map<string, AgencyEntity>;
  sla: Map<string, SlaPolicyEntity>;
  noticeLeadTimes: Map<ActionKind, NoticeLeadTime>;
  calendar: BusinessCalendar;
  /** What the notification policy reads, answered from this snapshot. */
  policy: PolicyReference;
}

/** Trigger-fed (migration ReferenceNotify): a reference table or the routing rules changed. */
export const REFERENCE_CHANNEL = 'ventanilla_reference';

/**
 * Reference data changes rarely (seeds, admin edits). Each process keeps a copy, dropped as soon as a change
 * is notified; without the notifications (no listener connection) a copy is this many ms old at most.
 */
const MAX_AGE_MS = 30_000;
const MAX_AGE_LISTENING_MS = 10 * 60_000;

interface Cached<T> {
  loadedAt: number;
  failed: boolean;
  value: Promise<T>;
}

/** The newest routing rule set: proposals record its version. */
export interface CurrentRuleSet {
  version: number;
  doc: RoutingRuleSetDocument;
}

/**
 * Read access to reference data and the routing rule set, cached per process and dropped when another process
 * (or this one) changes them: a trigger on every reference table notifies REFERENCE_CHANNEL.
 */
@Injectable()
export class ReferenceRepository implements OnApplicationBootstrap, OnApplicationShutdown {
  private snapshot: Cached<Snapshot> | null = null;
  private rules: Cached<CurrentRuleSet> | null = null;
  private listener: ChannelListener | null = null;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const { url } = this.db.driver.options as { url?: string };
    // Without the listener the copies simply expire sooner.
    this.listener = new ChannelListener(url ?? '', 'ventanilla-reference-listener', () => undefined);
    // Changes notified while the connection was down were missed.
    this.listener.onReconnect(() => this.invalidate());
    await this.listener.listen(REFERENCE_CHANNEL, () => this.invalidate());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  async get(): Promise<Snapshot> {
    this.snapshot = this.fresh(this.snapshot, () => this.load());
    return this.snapshot.value;
  }

  /** The newest rule set, as the cache holds it. */
  async ruleSet(): Promise<CurrentRuleSet> {
    this.rules = this.fresh(this.rules, async () => {
      const [row] = await this.db.getRepository(RoutingRuleSetEntity).find({ order: { version: 'DESC' }, take: 1 });
      if (!row) throw new Error('no routing rule set: run the seed');
      return { version: row.version, doc: ruleSetFromReferenceJson(row.document) };
    });
    return this.rules.value;
  }

  invalidate(): void {
    this.snapshot = null;
    this.rules = null;
  }

  /** The cached copy while it is young enough and did not fail to load, else a new load. */
  private fresh<T>(cached: Cached<T> | null, load: () => Promise<T>): Cached<T> {
    const maxAge = this.listener?.connected ? MAX_AGE_LISTENING_MS : MAX_AGE_MS;
    if (cached && !cached.failed && Date.now() - cached.loadedAt < maxAge) return cached;
    const next: Cached<T> = { loadedAt: Date.now(), failed: false, value: load() };
    next.value.catch(() => (next.failed = true));
    return next;
  }

  async slaTargets(priority: string, requestType: string): Promise<SlaTargets> {
    const { sla } = await this.get();
    const policy = sla.get(priority);
    if (!policy) throw new Error(`no SLA policy for priority ${priority}`);
    const t = policy.targets as Record<string, unknown>;
    const closeByType =
      (t.closeByRequestType as Array<{ requestType: string; target: Duration | null }> | undefined) ?? [];
    return {
      calendar: policy.calendar === '24x7' ? '24x7' : 'business',
      acknowledgeWithin: t.acknowledgeWithin as Duration,
      routeWithin: t.routeWithin as Duration,
      firstResponseWithin: t.firstResponseWithin as Duration,
      closeWithin:
        (t.closeWithin as Duration | null) ?? closeByType.find((c) => c.requestType === requestType)?.target ?? null,
    };
  }

  private async load(): Promise<Snapshot> {
    const [types, topics, agencies, sla, holidays, leadTimes] = await Promise.all([
      this.db.getRepository(RequestTypeEntity).find(),
      this.db.getRepository(TopicEntity).find(),
      this.db.getRepository(AgencyEntity).find(),
      this.db.getRepository(SlaPolicyEntity).find(),
      this.db.getRepository(HolidayEntity).find(),
      this.db.getRepository(NoticeLeadTimeEntity).find(),
    ]);
    const requestTypes = new Map(types.map((t) => [t.code, t]));
    const agencyMap = new Map(agencies.map((a) => [a.code, a]));
    const slaMap = new Map(sla.map((s) => [s.priority, s]));
    return {
      requestTypes,
      topics: new Map(topics.map((t) => [t.code, t])),
      agencies: agencyMap,
      sla: slaMap,
      noticeLeadTimes: new Map(
        leadTimes
          .filter((n) => isActionKind(n.code))
          .map((n) => [
            n.code as ActionKind,
            {
              kind: n.code as ActionKind,
              minLeadTime: n.minLeadTime as Duration | null,
              postActionReportWithin: n.postActionReportWithin as Duration | null,
            },
          ]),
      ),
      calendar: defaultCalendar(holidays.map((h) => h.date)),
      policy: {
        noSurprisesOf: (type) => {
          const c = requestTypes.get(type)?.noSurprises;
          return c && (NO_SURPRISES_CLASSES as readonly string[]).includes(c) ? (c as NoSurprisesClass) : 'none';
        },
        countryOf: (agency) => {
          const c = agencyMap.get(agency)?.country;
          return c === 'MX' || c === 'US' ? (c as AgencyCountry) : null;
        },
        acknowledgeWithin: (priority) => {
          const p = slaMap.get(priority);
          const within = (p?.targets as Record<string, unknown> | undefined)?.acknowledgeWithin as Duration | undefined;
          return p && within ? { within, calendar: p.calendar === '24x7' ? '24x7' : 'business' } : null;
        },
      },
    };
  }
}
