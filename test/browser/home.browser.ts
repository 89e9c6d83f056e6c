import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { fitsViewportWidth, seriousViolations } from './accessibility.js';
import { type BrowserHarness, PASSWORD, SCREENSHOTS, openHarness, signInByForm } from './harness.js';

/**
 * Each role's home page on the demo data, as the role signs in: it lands there, the figures are the ones the
 * API gives the role's own screens, each item opens the right page. The liaison and the administrator work in
 * English, the hub, the agency, GANS and the auditor in Spanish (their demo accounts' languages). Each home page
 * is checked with axe and saved for the README.
 */
describe('the home page of each role (zero-setup start, Chromium)', () => {
  let h: BrowserHarness;
  let baseUrl: string;

  beforeAll(async () => {
    h = await openHarness();
    baseUrl = h.baseUrl;
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Signs in on a fresh page and waits for the home page it lands on. */
  async function signedIn(email: string): Promise<Page> {
    const page = await h.newPage({}, email.split('@')[0]);
    await signInByForm(page, email);
    await page.waitForURL((url) => url.pathname === '/home');
    await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
    return page;
  }

  /** The number a figure card shows (written the language's way: digits only are kept). */
  async function figure(page: Page, id: string): Promise<number> {
    const card = page.getByTestId(`figure-${id}`);
    await card.waitFor();
    await expect.poll(async () => (await card.textContent())?.includes('…'), { timeout: 10_000 }).toBe(false);
    const text = (await card.locator('p').first().textContent()) ?? '';
    return Number(text.replace(/\D/g, ''));
  }

  /** axe finds nothing serious, nothing scrolls sideways, and the home page is saved for the README. */
  async function checkHome(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsViewportWidth(page)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  it("lands a liaison on what needs them and their agency's coming dates, each opening its request", async () => {
    const api = await ApiClient.login(baseUrl, 'liaison.dea@demo.test', PASSWORD);
    const draft = await api.post(
      '/api/requests',
      newRequestBody({ title: 'Bank records of a front company, Nogales', draft: true }),
    );
    expect(draft.status).toBe(201);
    const drafts = (await api.get('/api/requests?status=draft')).body.items as Array<{ id: string }>;
    const dated = (
      (await api.get('/api/requests?limit=200')).body.items as Array<Record<string, string | null>>
    ).filter((r) => r.proposedActionAt && r.status !== 'draft');
    expect(dated.length).toBeGreaterThan(0);

    const page = await signedIn('liaison.dea@demo.test');
    await page.getByRole('heading', { name: 'Welcome, Dana Reyes (DEA)' }).waitFor();
    expect(await figure(page, 'draft')).toBe(drafts.length);
    expect(await figure(page, 'clarification')).toBe(0);
    const notices = (await api.get('/api/notifications/summary')).body as { unacknowledgedCount: number };
    expect(await figure(page, 'notices')).toBe(notices.unacknowledgedCount);

    const needs = page.getByRole('region', { name: 'Needs your action' });
    const draftRow = needs.getByRole('row').filter({ hasText: 'Bank records of a front company, Nogales' });
    expect(await draftRow.getByText('Draft not submitted').count()).toBe(1);
    const dates = page.getByRole('region', { name: 'Upcoming dates' });
    for (const r of dated) {
      const link = dates.getByRole('link', { name: r.title! });
      expect(await link.getAttribute('href')).toBe(`/requests/${r.id}`);
      await dates.getByRole('row').filter({ hasText: r.title! }).getByText('Proposed action').waitFor();
    }
    await checkHome(page, 'home-liaison');

    await draftRow.getByRole('link', { name: 'Bank records of a front company, Nogales' }).click();
    await page.waitForURL(`**/requests/${(draft.body as { id: string }).id}`);
    await page.getByRole('heading', { name: 'Bank records of a front company, Nogales' }).waitFor();

    // Another agency's liaison, asked to clarify by the hub, finds that request at the top of their home.
    const hsi = await signedIn('liaison.hsi@demo.test');
    const asked = (
      await (
        await ApiClient.login(baseUrl, 'liaison.hsi@demo.test', PASSWORD)
      ).get('/api/requests?status=clarification_requested')
    ).body.items as Array<{ id: string; title: string }>;
    expect(await figure(hsi, 'clarification')).toBe(asked.length);
    const first = hsi.getByRole('region', { name: 'Needs your action' }).getByRole('row').nth(1);
    await first.getByText('The hub asks for a clarification').waitFor();
    expect(await first.getByRole('link').getAttribute('href')).toBe(`/requests/${asked[0].id}`);
    expect(await hsi.getByText('Bank records of a front company, Nogales').count()).toBe(0);
  });

  it('lands the hub on its queues with their at-risk and overdue counts, and on the requests it holds', async () => {
    const api = await ApiClient.login(baseUrl, 'hub@demo.test', PASSWORD);
    const counts = (await api.get('/api/requests/queues')).body.queues as Record<string, number>;
    const mine = (await api.get('/api/requests?queue=mine')).body.items as Array<{ id: string; title: string }>;
    expect(mine.length).toBeGreaterThan(0);

    const page = await signedIn('hub@demo.test');
    await page.getByRole('heading', { name: 'Bandejas', exact: true }).waitFor();
    for (const queue of ['unclaimed', 'mine', 'at_risk', 'overdue', 'ready_to_release']) {
      expect([queue, await figure(page, queue)]).toEqual([queue, counts[queue]]);
    }
    const held = page.getByRole('region', { name: 'Solicitudes que usted atiende' });
    expect(await held.getByRole('row').count()).toBe(Math.min(mine.length, 8) + 1);
    expect(await held.getByRole('link', { name: mine[0].title }).first().getAttribute('href')).toBe(
      `/requests/${mine[0].id}`,
    );
    await checkHome(page, 'home-hub');

    // A figure opens its queue.
    await page.getByTestId('figure-unclaimed').click();
    await page.waitForURL('**/hub?queue=unclaimed');
    await page.getByRole('tab', { name: /Sin asignar/, selected: true }).waitFor();
  });

  it('lands an agency on the answers it owes, due soon or overdue, each opening its assignment', async () => {
    const api = await ApiClient.login(baseUrl, 'fgr@demo.test', PASSWORD);
    const pending = (await api.get('/api/assignments?status=pending')).body.items as unknown[];
    const accepted = (await api.get('/api/assignments?status=accepted')).body.items as Array<{
      id: string;
      request: { title: string };
    }>;
    expect(accepted.length).toBeGreaterThan(0);

    const page = await signedIn('fgr@demo.test');
    expect(await figure(page, 'to_accept')).toBe(pending.length);
    expect(await figure(page, 'to_answer')).toBe(accepted.length);
    const owed = page.getByRole('region', { name: 'Respuestas pendientes y por vencer' });
    const link = owed.getByRole('link', { name: accepted[0].request.title });
    expect(await link.getAttribute('href')).toBe(`/assignments/${accepted[0].id}`);
    await checkHome(page, 'home-agency');
    await link.click();
    await page.waitForURL(`**/assignments/${accepted[0].id}`);
    await page.getByRole('region', { name: 'Lo que se solicita' }).waitFor();
  });

  it('lands GANS on its pending decisions, each opening its request', async () => {
    const api = await ApiClient.login(baseUrl, 'gans@demo.test', PASSWORD);
    const pending = (await api.get('/api/requests?status=awaiting_authorization')).body.items as Array<{
      id: string;
      title: string;
    }>;
    expect(pending.length).toBeGreaterThan(0);

    const page = await signedIn('gans@demo.test');
    expect(await figure(page, 'pending')).toBe(pending.length);
    expect(await page.getByTestId('figure-pending').getAttribute('href')).toBe('/authorizations');
    const list = page.getByRole('region', { name: 'Decisiones pendientes' });
    expect(await list.getByRole('row').count()).toBe(pending.length + 1);
    expect(await list.getByRole('link', { name: pending[0].title }).getAttribute('href')).toBe(
      `/requests/${pending[0].id}`,
    );
    await checkHome(page, 'home-authorizer');
  });

  it("lands the auditor on the chain's state, as of the last verification, and the compliance figures", async () => {
    const page = await signedIn('auditor@demo.test');
    const api = await ApiClient.login(baseUrl, 'auditor@demo.test', PASSWORD);
    await page.getByTestId('last-verification').getByText('Aún sin verificar').waitFor();
    // Verified from the integrity page, the home page then tells the verdict.
    await page.getByRole('link', { name: 'Verificar la cadena ahora' }).click();
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    await page.getByTestId('verify-result').getByText('La bitácora está íntegra').waitFor({ timeout: 30_000 });
    await page.getByRole('navigation').getByRole('link', { name: 'Inicio' }).click();
    await page
      .getByTestId('last-verification')
      .getByText(/Íntegra, revisada hasta el #\d/)
      .waitFor();

    const report = (await api.get('/api/reports/no-surprises')).body as { summary: Record<string, number> };
    expect(await figure(page, 'compliance-requests')).toBe(report.summary.requests);
    expect(await figure(page, 'compliance-required')).toBe(report.summary.noticesRequired);
    expect(await figure(page, 'compliance-acknowledged')).toBe(report.summary.noticesAcknowledged);
    const queues = (await api.get('/api/requests/queues')).body as {
      escalation: Record<string, number>;
      queues: Record<string, number>;
    };
    expect(await figure(page, 'L0')).toBe(queues.escalation.L0);
    expect(await figure(page, 'overdue')).toBe(queues.queues.overdue);
    await checkHome(page, 'home-auditor');
  });

  it('lands the administrator on the accounts and the failed deliveries', async () => {
    const api = await ApiClient.login(baseUrl, 'admin@demo.test', PASSWORD);
    const active = (await api.get('/api/admin/users?disabled=false&limit=200')).body.items as unknown[];
    const dead = (await api.get('/api/admin/dead-letters?limit=200')).body.items as unknown[];

    const page = await signedIn('admin@demo.test');
    expect(await figure(page, 'active')).toBe(active.length);
    expect(await figure(page, 'dead_letters')).toBe(dead.length);
    expect(await page.getByTestId('figure-dead_letters').getAttribute('href')).toBe('/admin/dead-letters');
    // No request content for administrators, and no notices.
    expect(await page.getByTestId('figure-notices').count()).toBe(0);
    await checkHome(page, 'home-admin');
    await page.getByTestId('figure-active').click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  });
});
