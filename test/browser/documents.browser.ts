import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { seriousViolations } from './accessibility.js';
import { type BrowserHarness, PASSWORD, SCREENSHOTS, openHarness, signInByForm } from './harness.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The documents of the record in the browser: a liaison attaches annexes to a draft (progress per file, a refused
 * program, an image preview, the download giving back the very bytes), an agency attaches its evidence to its
 * answer, the hub translates the answer and releases the evidence with the reply, and the requester reads the
 * translation beside the original, downloads the released file and the reply letter.
 */
describe('documents of the record in the web app (zero-setup start, Chromium)', () => {
  let h: BrowserHarness;
  let baseUrl: string;
  let liaison: ApiClient;
  let hub: ApiClient;
  let fgr: ApiClient;
  let requestId = '';
  /** A real PNG (a screenshot of the sign-in page), big enough for the throttled upload to show its progress. */
  let png: Buffer;

  beforeAll(async () => {
    h = await openHarness();
    baseUrl = h.baseUrl;
    liaison = await ApiClient.login(baseUrl, 'liaison.dea@demo.test', PASSWORD);
    hub = await ApiClient.login(baseUrl, 'hub@demo.test', PASSWORD);
    fgr = await ApiClient.login(baseUrl, 'fgr@demo.test', PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await h.newPage(
      { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
      email.split('@')[0],
    );
    await signInByForm(page, email);
    return page;
  }

  async function version(id: string, by = hub): Promise<number> {
    return ((await by.get(`/api/requests/${id}`)).body as { version: number }).version;
  }

  it('lets a liaison attach annexes to a draft with a progress bar, refuses a program, previews and downloads the same bytes', async () => {
    const draft = await liaison.post('/api/requests', newRequestBody({ title: 'Bank records, Nogales', draft: true }));
    expect(draft.status).toBe(201);
    requestId = (draft.body as { id: string }).id;

    const page = await signedIn('liaison.dea@demo.test');
    png = await page.screenshot({ fullPage: true });
    await page.goto(`/requests/${requestId}/edit`);
    const files = page.getByRole('group', { name: 'Files' });
    await files.getByTestId('drop-zone').waitFor();

    // A slow uplink (64 KiB/s), so the bar is seen moving rather than jumping to the end.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    await files
      .getByTestId('file-input')
      .setInputFiles({ name: 'Nogales ATM — cámara 3.png', mimeType: 'image/png', buffer: png });
    const bar = files.getByRole('progressbar', { name: /^Progress of Nogales ATM/ });
    await expect
      .poll(async () => Number((await bar.getAttribute('aria-valuenow').catch(() => null)) ?? -1), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await files.screenshot({ path: path.join(SCREENSHOTS, 'liaison-upload-progress.png') });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const row = files.getByTestId('attachment-row').filter({ hasText: 'Nogales ATM — cámara 3.png' });
    await row.waitFor({ timeout: 60_000 });
    expect(await files.getByTestId('upload-progress').count()).toBe(0);
    await row.getByText(`SHA-256 ${sha256(png).slice(0, 16)}…`).waitFor();

    // A program is refused by what its bytes are, whatever its name says; the server's reason is shown.
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(512)]);
    await files
      .getByTestId('file-input')
      .setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: program });
    const refused = files.getByTestId('upload-progress').filter({ hasText: 'minutes.pdf was not added' });
    await refused.waitFor({ timeout: 15_000 });
    expect((await refused.getByRole('alert').textContent())?.length).toBeGreaterThan(0);
    expect(await files.getByTestId('attachment-row').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await files.screenshot({ path: path.join(SCREENSHOTS, 'liaison-draft-files.png') });
    await refused.getByRole('button', { name: 'Close' }).click();

    // The image previews in the page.
    await row.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('dialog', { name: /^Preview of Nogales ATM/ });
    await expect
      .poll(
        () =>
          preview
            .getByTestId('preview-image')
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(0);
    await preview.getByRole('button', { name: 'Close' }).click();

    // The download gives back the very bytes, under the name as uploaded.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Download Nogales ATM — cámara 3.png' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Nogales ATM — cámara 3.png');
    expect(sha256(readFileSync(await download.path()))).toBe(sha256(png));
  });

  it('lets an agency attach evidence, the hub translate the answer and release the evidence, and the requester read both', async () => {
    expect(requestId).not.toBe('');
    const submitted = await liaison.post(`/api/requests/${requestId}/actions/submit`, {
      version: await version(requestId, liaison),
    });
    expect(submitted.status).toBe(200);
    await eventually(async () =>
      (await hub.get(`/api/requests/${requestId}`)).body.status === 'registered' ? true : null,
    );
    expect(
      (await hub.post(`/api/requests/${requestId}/actions/claim`, { version: await version(requestId) })).status,
    ).toBe(200);
    expect(
      (
        await hub.post(`/api/requests/${requestId}/actions/route`, {
          reason: 'Plan agreed with the agencies.',
          version: await version(requestId),
          lead: 'FGR-INT',
          support: [],
        })
      ).status,
    ).toBe(200);
    const assignment = await eventually(async () => {
      const items = ((await fgr.get('/api/assignments')).body.items ?? []) as Array<{
        id: string;
        requestId: string;
        version: number;
      }>;
      return items.find((a) => a.requestId === requestId) ?? null;
    });
    const accepted = await fgr.post(`/api/assignments/${assignment.id}/actions/accept`, {
      version: assignment.version,
    });
    expect(accepted.status).toBe(200);

    // The agency (its screens in Spanish) adds its evidence on the assignment page.
    const agency = await signedIn('fgr@demo.test');
    await agency.goto(`/assignments/${assignment.id}`);
    const evidence = agency.getByRole('region', { name: 'Archivos de su dependencia para esta asignación' });
    await evidence.getByTestId('drop-zone').waitFor();
    const ledger = Buffer.from('Cuenta 0123456789 · movimientos de marzo a mayo de 2026\n', 'utf8');
    await evidence
      .getByTestId('file-input')
      .setInputFiles({ name: 'estado-de-cuenta.txt', mimeType: 'text/plain', buffer: ledger });
    await evidence
      .getByTestId('attachment-row')
      .filter({ hasText: 'estado-de-cuenta.txt' })
      .waitFor({ timeout: 30_000 });
    // The requester's annex is there for the agency too, read-only.
    await agency
      .getByRole('region', { name: 'Archivos del solicitante' })
      .getByTestId('attachment-row')
      .filter({ hasText: 'Nogales ATM' })
      .waitFor();
    expect(await seriousViolations(agency)).toEqual([]);
    await agency.screenshot({ path: path.join(SCREENSHOTS, 'agency-evidence-files.png') });
    const answered = await fgr.post(`/api/assignments/${assignment.id}/actions/respond`, {
      version: ((await fgr.get(`/api/assignments/${assignment.id}`)).body as { version: number }).version,
      reason: 'Se anexa el estado de cuenta con los movimientos solicitados.',
    });
    expect(answered.status).toBe(200);

    // The hub (its screens in Spanish) translates the answer for the English-speaking requester and sends the
    // evidence on with the reply.
    const page = await signedIn('hub@demo.test');
    await page.goto(`/requests/${requestId}`);
    const release = page.getByRole('region', { name: 'Respuesta consolidada' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { level: 1 }).waitFor();
          return release.count();
        },
        { timeout: 60_000 },
      )
      .toBe(1);
    await release.getByRole('button', { name: 'Traducir' }).click();
    const editor = page.getByRole('dialog', { name: 'Traducción de SRE-SSAN' });
    await editor
      .getByRole('textbox', { name: /^Traducción/ })
      .fill('The bank statement with the requested movements is attached.');
    await editor.getByRole('button', { name: 'Guardar la traducción' }).click();
    await release
      .getByTestId('translation')
      .filter({ hasText: 'The bank statement with the requested movements' })
      .waitFor();
    await release.getByRole('checkbox', { name: /^estado-de-cuenta\.txt · / }).check();
    await release.getByLabel('Respuesta a quien solicitó').fill('FGR’s answer and its evidence follow.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hub-release-with-files.png'), fullPage: true });
    await release.getByRole('button', { name: 'Enviar la respuesta' }).click();
    await page
      .getByRole('dialog', { name: '¿Enviar la respuesta?' })
      .getByRole('button', { name: 'Enviar la respuesta' })
      .click();
    await page.getByText('Enviada', { exact: true }).first().waitFor({ timeout: 15_000 });

    // The requester reads the translation beside the original and gets the released file and the reply letter.
    const requester = await signedIn('liaison.dea@demo.test');
    await requester.goto(`/requests/${requestId}`);
    const response = requester.getByRole('region', { name: 'Response' });
    await response.waitFor({ timeout: 15_000 });
    await response.getByText('Se anexa el estado de cuenta').waitFor();
    await response.getByText(/^Translation by SRE-SSAN into English · /).waitFor();
    const released = response.getByTestId('attachment-row').filter({ hasText: 'estado-de-cuenta.txt' });
    const [download] = await Promise.all([
      requester.waitForEvent('download'),
      released.getByRole('link', { name: 'Download estado-de-cuenta.txt' }).click(),
    ]);
    expect(sha256(readFileSync(await download.path()))).toBe(sha256(ledger));
    expect(await seriousViolations(requester)).toEqual([]);
    await requester.screenshot({ path: path.join(SCREENSHOTS, 'liaison-reply-with-files.png'), fullPage: true });
    const letter = await requester
      .getByRole('link', { name: 'Reply letter (PDF)' })
      .getAttribute('href')
      .then((href) => requester.request.get(href ?? ''));
    expect(letter.status()).toBe(200);
    expect(letter.headers()['content-type']).toBe('application/pdf');
    expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
