import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AgencyEntity,
  HolidayEntity,
  RequestTypeEntity,
  SlaPolicyEntity,
  TopicEntity,
} from '@ventanilla/database/entities/reference.entity.js';
import { defaultCalendar, type BusinessCalendar, type Duration } from '@ventanilla/domain/business-calendar.js';
import type { SlaTargets } from '@ventanilla/domain/sla-clock.js';

interface Snapshot {
  loadedAt: number;
  requestTypes: Map<string, RequestTypeEntity>;
  topics: Map<string, TopicEntity>;
  agencies: Map<string, AgencyEntity>;
  sla: Map<string, SlaPolicyEntity>;
  calendar: BusinessCalendar;
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
    const [types, topics, agencies, sla, holidays] = await Promise.all([
      this.db.getRepository(RequestTypeEntity).find(),
      this.db.getRepository(TopicEntity).find(),
      this.db.getRepository(AgencyEntity).find(),
      this.db.getRepository(SlaPolicyEntity).find(),
      this.db.getRepository(HolidayEntity).find(),
    ]);
    return {
      loadedAt: Date.now(),
      requestTypes: new Map(types.map((t) => [t.code, t])),
      topics: new Map(topics.map((t) => [t.code, t])),
      agencies: new Map(agencies.map((a) => [a.code, a])),
      sla: new Map(sla.map((s) => [s.priority, s])),
      calendar: defaultCalendar(holidays.map((h) => h.date)),
    };
  }
}
