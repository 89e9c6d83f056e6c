import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { seriousViolations } from './accessibility.js';
import { type BrowserHarness, PASSWORD, openHarness } from './harness.js';

const TITLE = 'Traspaso de expediente: cuentas en Tijuana';

/**
 * Issue 14, item 11, in the browser: hub@demo.test (Spanish, as its account is saved) hands a request it claimed
 * to hub2@demo.test from the request's page; hub2 finds it in its own queue, may act on it, and has the notice.
 */
describe('hand-over between hub coordinators (zero-setup start, Chromium)', () => {
  let h: BrowserHarness;
  let baseUrl: string;
  let requestId = '';
  let colleagueName = '';

  beforeAll(async () => {
    h = await openHarness();
    baseUrl = h.baseUrl;

    // Arranged through the API: a DEA request, registered, claimed by hub@demo.test.
    const dea = await ApiClient.login(baseUrl, 'liaison.dea@demo.test', PASSWORD);
    const hub = await ApiClient.login(baseUrl, 'hub@demo.test', PASSWORD);
    const created = await dea.post('/api/requests', newRequestBody({ title: TITLE }));
    expect(created.status).toBe(201);
    requestId = created.body.id as string;
    const registered = await eventually(async () => {
      const r = await hub.get(`/api/requests/${requestId}`);
      return r.body.status === 'registered' ? (r.body as { version: number }) : null;
    }, 90_000);
    const claim = await hub.post(`/api/requests/${requestId}/actions/claim`, { version: registered.version });
    expect(claim.status).toBe(200);
    const colleagues = (await hub.get('/api/hub/colleagues')).body.items as Array<{
      email: string;
      displayName: string;
    }>;
    colleagueName = colleagues.find((c) => c.email === 'hub2@demo.test')!.displayName;
  });

  afterAll(async () => {
    await h?.close();
  });

  const newPage = (): Promise<Page> => h.newPage({ locale: 'es-MX' });

  async function signIn(page: Page, email: string) {
    await page.goto('/sign-in');
    await page.getByLabel(/^(E-mail|Correo electrónico)/).fill(email);
    await page.locator('input[type="password"]').first().fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  it('lets hub@demo.test hand its request to hub2@demo.test, with a note, after saying what will happen', async () => {
    const page = await newPage();
    await signIn(page, 'hub@demo.test');
    await page.goto(`/requests/${requestId}`);
    await page.getByRole('heading', { name: TITLE, exact: false }).first().waitFor();
    await page.getByRole('button', { name: 'Entregar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Entregar la solicitud a un colega' });
    await dialog.waitFor();
    await dialog.getByLabel('Colega').first().click();
    await page.getByRole('option', { name: new RegExp(`^${colleagueName.replace(/[()]/g, '\\$&')}`) }).click();
    await dialog.getByLabel('Nota de entrega').fill('La DEA debe confirmar el número de cuenta; vence el viernes.');
    // What will happen, before the last click.
    await dialog.getByText(`${colleagueName} tendrá la solicitud`, { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: `Entregar a ${colleagueName}` }).click();
    await dialog.waitFor({ state: 'detached' });
    // No longer the holder: the button is gone, the history says to whom.
    await expect
      .poll(() => page.getByRole('button', { name: 'Entregar', exact: true }).count(), { timeout: 10_000 })
      .toBe(0);
    await page.getByText('Entregada dentro de la ventanilla').first().waitFor();
    await page.getByText(`A ${colleagueName}`).first().waitFor();
  });

  it('shows hub2@demo.test the request as its own, to act on, with the notice of the hand-over', async () => {
    const page = await newPage();
    await signIn(page, 'hub2@demo.test');
    await page.goto('/hub');
    await page.getByRole('tab', { name: /Mías/ }).click();
    const row = page.getByRole('row').filter({ hasText: TITLE });
    await row.waitFor();
    await page.goto(`/requests/${requestId}`);
    await page.getByRole('heading', { name: TITLE, exact: false }).first().waitFor();
    // Theirs now: the claimant's actions are offered to them.
    await page.getByRole('button', { name: 'Entregar', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Prevenir', exact: true }).waitFor();

    await page.goto('/notices');
    // Not one to acknowledge: among the unread.
    await page.getByRole('tab', { name: /No leídos/ }).click();
    const notice = page.getByText(`Solicitud entregada a ${colleagueName}`, { exact: false }).first();
    await notice.waitFor();
    await page.getByText('vence el viernes', { exact: false }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
