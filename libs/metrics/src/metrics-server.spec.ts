import { loadConfig } from '@ventanilla/config/config.js';
import { mayScrape } from './metrics-access.js';
import { serveMetrics, type MetricsServer } from './metrics-server.js';
import { MetricsService } from './metrics.service.js';

const TOKEN = 'a-scrape-token-of-32-characters!';

describe('who may scrape', () => {
  it('lets anyone in when no token is configured', () => {
    expect(mayScrape(undefined, null)).toBe(true);
    expect(mayScrape('Bearer whatever', null)).toBe(true);
  });

  it('requires the exact bearer token when one is configured', () => {
    expect(mayScrape(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(mayScrape(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(mayScrape(undefined, TOKEN)).toBe(false);
    expect(mayScrape(TOKEN, TOKEN)).toBe(false);
    expect(mayScrape(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(mayScrape(`Basic ${TOKEN}`, TOKEN)).toBe(false);
  });
});

describe('metrics settings', () => {
  it('reads WORKER_METRICS_PORT and METRICS_TOKEN, off by default', () => {
    expect(loadConfig({})).toMatchObject({ workerMetricsPort: null, metricsToken: null });
    expect(loadConfig({ WORKER_METRICS_PORT: '9464', METRICS_TOKEN: TOKEN })).toMatchObject({
      workerMetricsPort: 9464,
      metricsToken: TOKEN,
    });
  });

  it('stops the start on a bad port or a weak token, naming the variable', () => {
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT must be an integer/);
    expect(() => loadConfig({ WORKER_METRICS_PORT: 'metrics' })).toThrow(/WORKER_METRICS_PORT/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16 to 512/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has spaces in the middle of it' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('the standalone metrics listener', () => {
  let server: MetricsServer;
  const metrics = new MetricsService({ defaultMetrics: false });
  metrics.counter({ name: 'ventanilla_jobs_processed_total', help: 'x', labelNames: ['queue'] }).inc({ queue: 'q' });

  afterEach(async () => {
    await server?.close();
  });

  it('serves GET /metrics and nothing else', async () => {
    server = await serveMetrics(metrics, { port: 0, host: '127.0.0.1', token: null });
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toContain('ventanilla_jobs_processed_total{queue="q"} 1');
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 401 without the bearer token when one is configured', async () => {
    server = await serveMetrics(metrics, { port: 0, host: '127.0.0.1', token: TOKEN });
    const url = `http://127.0.0.1:${server.port}/metrics`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
