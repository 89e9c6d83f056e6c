import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import { databaseWork } from '@ventanilla/database/statement-counter.js';

/** Every series this application exports starts with this, so dashboards can tell ours from the rest. */
export const METRIC_PREFIX = 'ventanilla_';
const METRIC_NAME = /^ventanilla_[a-z][a-z0-9_]*$/;

interface MetricDefinition<L extends string> {
  /** Full name, `ventanilla_` included (e.g. `ventanilla_audit_sealing_lag_seconds`); units as a suffix. */
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface GaugeDefinition<L extends string> extends MetricDefinition<L> {
  /** Called at every scrape, before the value is read: set the current value(s) on the gauge here. */
  collect?: (gauge: Gauge<L>) => void | Promise<void>;
}

export interface HistogramDefinition<L extends string> extends MetricDefinition<L> {
  /** Upper bounds in the metric's unit (seconds for durations). */
  buckets?: number[];
}

/**
 * The process's Prometheus registry and the one way to add metrics to it. Inject it anywhere
 * (`MetricsModule` makes it global) and register at start-up, for example in `onModuleInit`:
 *
 * ```ts
 * constructor(private readonly metrics: MetricsService) {}
 *
 * onModuleInit(): void {
 *   this.metrics.gauge({
 *     name: 'ventanilla_audit_sealing_lag_seconds',
 *     help: 'Age of the oldest committed audit event not yet sealed.',
 *     collect: async (gauge) => gauge.set(await this.sealingLagSeconds()),   // read when Prometheus scrapes
 *   });
 *   this.sealed = this.metrics.counter({ name: 'ventanilla_audit_sealed_total', help: 'Events sealed.' });
 * }
 * ```
 *
 * Names must start with `ventanilla_`. Registering a name again with the same kind and labels returns the
 * metric already there (the zero-setup process runs API and worker on one registry); a different kind or
 * label set is a programming error and throws.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    // Node's own health: CPU, memory, event-loop lag, GC, handles.
    if (opts.defaultMetrics !== false) {
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
      this.databaseWorkGauges();
    }
  }

  gauge<L extends string = never>(def: GaugeDefinition<L>): Gauge<L> {
    const collect = def.collect;
    const found = this.existing(def, Gauge) as Gauge<L> | undefined;
    if (found) return found;
    return new Gauge<L>({
      ...this.base(def),
      ...(collect
        ? {
            collect: async function (this: Gauge<L>) {
              await collect(this);
            },
          }
        : {}),
    });
  }

  counter<L extends string = never>(def: MetricDefinition<L>): Counter<L> {
    return (this.existing(def, Counter) as Counter<L> | undefined) ?? new Counter<L>(this.base(def));
  }

  histogram<L extends string = never>(def: HistogramDefinition<L>): Histogram<L> {
    return (
      (this.existing(def, Histogram) as Histogram<L> | undefined) ??
      new Histogram<L>({ ...this.base(def), ...(def.buckets ? { buckets: def.buckets } : {}) })
    );
  }

  /**
   * What this process's database pools sent since it started (libs/database/src/statement-counter.ts): the
   * benchmarks and the scale-out drill read them from each process to count the statements per operation.
   */
  private databaseWorkGauges(): void {
    this.gauge({
      name: 'ventanilla_database_statements_sent',
      help: "Statements this process's database pools have sent since it started (BEGIN and COMMIT included).",
      collect: (gauge) => gauge.set(databaseWork.statements),
    });
    this.gauge({
      name: 'ventanilla_database_commits_sent',
      help: "Transactions this process's database pools have committed since it started (client-side count).",
      collect: (gauge) => gauge.set(databaseWork.commits),
    });
  }

  /** The exposition text, with the content type to send it under. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private base<L extends string>(def: MetricDefinition<L>) {
    if (!METRIC_NAME.test(def.name)) {
      throw new Error(`metric name "${def.name}" must match ${METRIC_NAME.source}`);
    }
    return { name: def.name, help: def.help, labelNames: [...(def.labelNames ?? [])], registers: [this.registry] };
  }

  private existing<M extends Metric>(def: MetricDefinition<string>, kind: abstract new (...args: never[]) => M) {
    const found = this.registry.getSingleMetric(def.name);
    if (!found) return undefined;
    const labels = (found as unknown as { labelNames: string[] }).labelNames ?? [];
    const wanted = [...(def.labelNames ?? [])];
    if (!(found instanceof kind) || labels.join() !== wanted.join()) {
      throw new Error(`metric ${def.name} is already registered as another kind or with other labels`);
    }
    return found;
  }
}
