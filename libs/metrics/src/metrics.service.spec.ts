import { databaseWork } from '@ventanilla/database/statement-counter.js';
import { MetricsService } from './metrics.service.js';

describe('MetricsService', () => {
  it('exports Node process metrics under the ventanilla_ prefix', async () => {
    const { contentType, body } = await new MetricsService().render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toMatch(/^ventanilla_process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^ventanilla_nodejs_eventloop_lag_seconds /m);
    expect(body).not.toMatch(/^process_cpu/m);
  });

  it("exports what this process's database pools sent, as it stands at each scrape", async () => {
    const metrics = new MetricsService();
    const value = (body: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]);
    const before = (await metrics.render()).body;
    databaseWork.statements += 5;
    databaseWork.commits += 2;
    const after = (await metrics.render()).body;
    expect(
      value(after, 'ventanilla_database_statements_sent') - value(before, 'ventanilla_database_statements_sent'),
    ).toBe(5);
    expect(value(after, 'ventanilla_database_commits_sent') - value(before, 'ventanilla_database_commits_sent')).toBe(
      2,
    );
  });

  it('reads a gauge when scraped, not before', async () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    let lag = 0;
    let reads = 0;
    metrics.gauge({
      name: 'ventanilla_audit_sealing_lag_seconds',
      help: 'Age of the oldest unsealed event.',
      collect: async (gauge) => {
        reads += 1;
        gauge.set(await Promise.resolve(lag));
      },
    });
    expect(reads).toBe(0);
    lag = 4.5;
    expect((await metrics.render()).body).toContain('ventanilla_audit_sealing_lag_seconds 4.5');
    lag = 0.25;
    expect((await metrics.render()).body).toContain('ventanilla_audit_sealing_lag_seconds 0.25');
    expect(reads).toBe(2);
  });

  it('counts and times with labels', async () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    const counter = metrics.counter({ name: 'ventanilla_things_total', help: 'Things.', labelNames: ['kind'] });
    const histogram = metrics.histogram({
      name: 'ventanilla_thing_seconds',
      help: 'Thing time.',
      labelNames: ['kind'],
      buckets: [0.1, 1],
    });
    counter.inc({ kind: 'a' });
    counter.inc({ kind: 'a' });
    histogram.observe({ kind: 'a' }, 0.5);
    const { body } = await metrics.render();
    expect(body).toContain('ventanilla_things_total{kind="a"} 2');
    expect(body).toContain('ventanilla_thing_seconds_bucket{le="0.1",kind="a"} 0');
    expect(body).toContain('ventanilla_thing_seconds_bucket{le="1",kind="a"} 1');
  });

  it('refuses names without the ventanilla_ prefix', () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    expect(() => metrics.counter({ name: 'jobs_total', help: 'x' })).toThrow(/must match/);
    expect(() => metrics.gauge({ name: 'ventanilla_Bad-Name', help: 'x' })).toThrow(/must match/);
  });

  it('hands back the metric already registered under a name, and refuses a clash', () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    const first = metrics.counter({ name: 'ventanilla_shared_total', help: 'x', labelNames: ['queue'] });
    expect(metrics.counter({ name: 'ventanilla_shared_total', help: 'x', labelNames: ['queue'] })).toBe(first);
    expect(() => metrics.gauge({ name: 'ventanilla_shared_total', help: 'x', labelNames: ['queue'] })).toThrow(
      /already registered/,
    );
    expect(() => metrics.counter({ name: 'ventanilla_shared_total', help: 'x', labelNames: ['job'] })).toThrow(
      /already registered/,
    );
  });

  it('keeps registries apart: each process (or test system) has its own', async () => {
    const a = new MetricsService({ defaultMetrics: false });
    const b = new MetricsService({ defaultMetrics: false });
    a.counter({ name: 'ventanilla_only_in_a_total', help: 'x' }).inc();
    expect((await b.render()).body).not.toContain('ventanilla_only_in_a_total');
  });
});
