import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';
import { expectProblem } from './support/problem.js';

/**
 * What the web app's screens rely on beyond the endpoints' own suites: every answer it reads is described in
 * the OpenAPI document (its types are generated from it), and auditors may read the hub's queue counts for
 * the SLA figures.
 */
describe('the API as the web screens use it', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('describes the body of every answer the screens read', async () => {
    const doc = (await (await fetch(`${sys.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const described = (method: string, path: string, status: string) =>
      doc.paths[path]?.[method]?.responses[status]?.content?.['application/json'] !== undefined;
    const reads: Array<[string, string, string]> = [
      ['get', '/api/home', '200'],
      ['get', '/api/requests/queues', '200'],
      ['get', '/api/requests/{id}/routing-proposal', '200'],
      ['get', '/api/requests/{id}/assignments', '200'],
      ['get', '/api/assignments', '200'],
      ['get', '/api/assignments/counts', '200'],
      ['get', '/api/assignments/{id}', '200'],
      ['post', '/api/assignments/{id}/actions/{action}', '200'],
      ['get', '/api/notifications', '200'],
      ['get', '/api/notifications/summary', '200'],
      ['post', '/api/notifications/{id}/ack', '200'],
      ['get', '/api/audit/events', '200'],
      ['get', '/api/audit/verify', '200'],
      ['get', '/api/admin/routing-rules', '200'],
      ['get', '/api/admin/routing-rules/{version}', '200'],
      ['post', '/api/admin/routing-rules', '201'],
      ['get', '/api/admin/dead-letters', '200'],
      ['post', '/api/admin/dead-letters/{id}/replay', '202'],
      ['get', '/api/admin/users', '200'],
      ['post', '/api/admin/users', '201'],
      ['patch', '/api/admin/users/{id}', '200'],
      ['post', '/api/admin/users/{id}/reset-password', '200'],
    ];
    expect(reads.filter(([method, path, status]) => !described(method, path, status))).toEqual([]);
  });

  it('gives auditors the queue and escalation counts, and nobody outside the hub and audit', async () => {
    const auditor = await ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD);
    const counts = await auditor.get('/api/requests/queues');
    expect(counts.status).toBe(200);
    expect(Object.keys(counts.body.queues)).toEqual(expect.arrayContaining(['unclaimed', 'at_risk', 'overdue']));
    expect(Object.keys(counts.body.escalation)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);
    for (const email of ['liaison.dea@demo.test', 'fgr@demo.test', 'gans@demo.test', 'admin@demo.test']) {
      const other = await ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);
      expectProblem(await other.get('/api/requests/queues'), 403, 'AUTH.FORBIDDEN');
    }
  });
});
