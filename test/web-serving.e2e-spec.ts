import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

jest.setTimeout(60_000);

/** What the web app relies on from the API: its page on every deep link, and the user's saved language. */
describe(`web app support (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(path.join(tmpdir(), 'ventanilla-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Ventanilla</title><div id="root"></div>');
    sys = await startTestSystem({ worker: false, env: { WEB_DIR: webDir } });
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves the page for deep links a browser opens, but keeps API 404s as problems', async () => {
    const page = await fetch(`${sys.baseUrl}/requests/5b0f7d1e-0000-4000-8000-000000000000`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<div id="root">');

    const api = await fetch(`${sys.baseUrl}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');

    const health = await fetch(`${sys.baseUrl}/health/live`, { headers: { accept: 'text/html' } });
    expect(health.headers.get('content-type')).not.toContain('text/html');
  });

  it('remembers the language a user picks, for their messages and their next session', async () => {
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const saved = await dea.patch('/api/auth/me', { language: 'es' });
    expect(saved.status).toBe(200);
    expect(saved.body.user.language).toBe('es');

    const again = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    expect((await again.get('/api/auth/me')).body.user.language).toBe('es');
    // The saved language words the errors whenever the caller does not name one.
    const missing = await again.get('/api/requests/not-a-uuid', { 'accept-language': '' });
    expect(missing.body.title).toBe('No existe la solicitud.');

    const wrong = await dea.patch('/api/auth/me', { language: 'fr' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'language', code: 'isIn' })]);
    const noCsrf = await dea.patch('/api/auth/me', { language: 'en' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.status).toBe(403);

    const events = await sys.db.dataSource.query(
      `SELECT action, changed_fields FROM audit_events WHERE action = 'user.update_preferences'`,
    );
    expect(events).toEqual([{ action: 'user.update_preferences', changed_fields: ['language'] }]);
  });
});
