import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AgencyEntity,
  HolidayEntity,
  NoticeLeadTimeEntity,
  RequestTypeEntity,
  SlaPolicyEntity,
  TopicEntity,
} from '@ventanilla/database/entities/reference.entity.js';
import { defaultCalendar, type BusinessCalendar, type Duration } from '@ventanilla/domain/business-calendar.js';
import { isActionKind, type ActionKind, type NoticeLeadTime } from '@ventanilla/domain/advance-notice.js';
import type { AgencyCountry, PolicyReference } from '@ventanilla/domain/notification-policy.js';
import { NO_SURPRISES_CLASSES, type NoSurprisesClass } from '@ventanilla/domain/request-status.js';
import type { SlaTargets } from '@ventanilla/domain/sla-clock.js';

interface Snapshot {
  loadedAt: number;
  requestTypes: Map<string, RequestTypeEntity>;
  topics: Map<string, TopicEntity>;
  agencies: Map<string, AgencyEntity>;
  sla: Map<string, SlaPolicyEntity>;
  noticeLeadTimes: Map<ActionKind, NoticeLeadTime>;
  calendar: BusinessCalendar;
  /** What the notification policy reads, answered from this snapshot. */
  policy: PolicyReference;
}

/** Reference data changes rarely (seeds, admin edits); each process keeps a copy this many ms old at most. */
const MAX_AGE_MS = 30_000;

/** Read access to reference data, cached per process. */
@Injectable()
export class ReferenceRepository {
  private snapshot: Promise<Snapshot> | null = null;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async get(): Promise<Snapshot> {
    const current = this.snapshot ? await this.snapshot.catch(() => null) : null;
    if (current && Date.now() - current.loadedAt < MAX_AGE_MS) return current;
    this.snapshot = this.load();
    return this.snapshot;
  }

  invalidate(): void {
    this.snapshot = null;
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
      loadedAt: Date.now(),
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
