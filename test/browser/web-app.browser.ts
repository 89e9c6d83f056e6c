import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitsViewportWidth, seriousViolations } from './accessibility.js';
import { type BrowserHarness, PASSWORD, SCREENSHOTS, openHarness } from './harness.js';

const FOLIO = /SSAN-\d{4}-\d{6}/;

/**
 * The web app as its users meet it, on the zero-setup start, along the whole journey of a request: a liaison
 * submits in Spanish, the hub claims and routes it (to FGR-INT), FGR accepts and answers, the hub releases the
 * consolidated response, the liaison reads it; another agency's liaison cannot open it; the auditor finds every
 * step; GANS and the administrator have their screens. Each main screen is checked with axe and saved as a
 * screenshot for the README.
 */
describe('web application (zero-setup start, Chromium)', () => {
  let h: BrowserHarness;
  let requestPath = '';
  /** The one-time password the administrator's screen showed for the user it created. */
  let oneTimePassword = '';

  beforeAll(async () => {
    h = await openHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const newPage = (): Promise<Page> => h.newPage();

  /** axe finds nothing serious, nothing needs sideways scrolling at 1280×800, and the screen is saved. */
  async function checkScreen(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    // Confirmation toasts close by themselves; the picture shows the screen, not them.
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsViewportWidth(page)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
  }

  async function signIn(page: Page, email: string, labels = { email: 'E-mail', password: 'Password' }) {
    // Stay on a sign-in page already open: a language picked there counts only within that visit.
    if (!page.url().endsWith('/sign-in')) await page.goto('/sign-in');
    // By keyboard, as a user who never touches the mouse would.
    await page.getByLabel(labels.email).focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  /** A screen opened from the menu, as a user would from the home page they land on. */
  async function openFromMenu(page: Page, name: string) {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  }

  async function choose(page: Page, label: string, option: string) {
    await page.getByLabel(label).first().click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('shows an accessible sign-in page', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkScreen(page, 'sign-in');
  });

  it('lets a liaison sign in in Spanish, submit a request and see its folio', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByText('Español').click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await signIn(page, 'liaison.dea@demo.test', { email: 'Correo electrónico', password: 'Contraseña' });

    // Every role lands on its home page (test/browser/home.browser.ts); the menu leads to the rest.
    await page.getByTestId('home-figures').waitFor();
    await openFromMenu(page, 'Mis solicitudes');
    await page.getByRole('heading', { name: 'Mis solicitudes' }).waitFor();
    await checkScreen(page, 'liaison-my-requests');

    await page.getByRole('link', { name: 'Nueva solicitud' }).first().click();
    await page.getByRole('heading', { name: 'Nueva solicitud' }).waitFor();

    // Submitting an empty form: the server's own messages, in Spanish, beside each field.
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    await expect.poll(() => page.getByText('Es obligatorio').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    // Focus moved to the first field that needs attention.
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-invalid')")).toBe('true');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'liaison-form-validation-es.png') });

    await choose(page, 'Tipo de solicitud', 'Solicitud de información');
    await choose(page, 'Temas', 'Tráfico de armas');
    await page.keyboard.press('Escape');
    await page.getByLabel('Asunto').fill('Rastreo de armas aseguradas en Sonora');
    // Limited fields count what is left.
    await page.getByText('37 / 200', { exact: true }).waitFor();
    await page
      .getByLabel('Resumen')
      .fill('Se solicita el historial de rastreo de tres armas aseguradas en Hermosillo.');
    await choose(page, 'Clasificación', 'SBU');
    await choose(page, 'Código de manejo', 'H1 — no en procesos judiciales sin permiso de quien la proporciona');
    await page.getByRole('button', { name: 'Agregar persona u objeto' }).click();
    await page.getByLabel(/^Nombre/).fill('Armería del Norte S.A.');
    await page.getByRole('button', { name: 'Agregar lugar' }).click();
    await page.getByLabel('Lugar 1', { exact: true }).fill('Hermosillo, Sonora');
    await expect.poll(() => page.getByText('Es obligatorio').count()).toBe(0);
    await checkScreen(page, 'liaison-request-form');

    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    const folio = page.getByTestId('folio');
    await folio.waitFor({ timeout: 30_000 });
    expect(await folio.textContent()).toMatch(FOLIO);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'liaison-submitted-folio.png') });

    await page.getByRole('link', { name: 'Abrir la solicitud' }).click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    requestPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Historial' }).waitFor();
    await page.getByText('Registrada', { exact: true }).first().waitFor();
    await checkScreen(page, 'liaison-request-detail');
  });

  it('answers a liaison of another agency with the not-found screen', async () => {
    expect(requestPath).not.toBe('');
    const page = await newPage();
    await signIn(page, 'liaison.atf@demo.test');
    await page.goto(requestPath);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByRole('heading', { name: 'Not found' }).isVisible()).toBe(true);
    expect(await page.getByText('Rastreo de armas').count()).toBe(0);
    await checkScreen(page, 'other-agency-not-found');
  });

  it('finds the request from the header by a name typed without accents, and shows other agencies nothing', async () => {
    expect(requestPath).not.toBe('');
    const hub = await newPage();
    await signIn(hub, 'hub@demo.test');
    await hub.getByRole('heading', { level: 1 }).waitFor();
    const box = hub.getByRole('searchbox', { name: /^(Search the record|Buscar en el expediente)$/ });
    await box.fill('armeria del norte');
    await box.press('Enter');
    await hub.waitForURL(/\/search\?q=armeria/);
    const result = hub.getByRole('listitem').filter({ hasText: 'Rastreo de armas aseguradas en Sonora' });
    await result.waitFor();
    // The snippet marks the words as they are written in the record, accents and capitals included.
    expect(await result.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['Armería', 'Norte']));
    await checkScreen(hub, 'search-results');
    await result.getByRole('link', { name: FOLIO }).click();
    await hub.waitForURL((url) => url.pathname === requestPath);

    // The same words, as a liaison of another agency: no result, and nothing saying one is hidden.
    const other = await newPage();
    await signIn(other, 'liaison.atf@demo.test');
    await other.goto('/search?q=armeria%20del%20norte');
    await other.getByText(/^(Nothing you may see matches\.|Nada de lo que puede ver coincide\.)$/).waitFor();
    expect(await other.getByText('Rastreo de armas').count()).toBe(0);
  });

  it('shows the hub its queues and lets it claim the new request', async () => {
    const page = await newPage();
    await signIn(page, 'hub@demo.test');
    // The hub's demo account is saved in Spanish; the header switch turns it to English (and saves that).
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('English').click();
    await openFromMenu(page, 'Hub queues');
    await page.getByRole('heading', { name: 'Hub queues' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Rastreo de armas aseguradas en Sonora' });
    await row.waitFor();
    await checkScreen(page, 'hub-queues');
    await row.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole('tab', { name: /Mine/ }).click();
    await page.getByRole('row').filter({ hasText: 'Rastreo de armas aseguradas en Sonora' }).waitFor();
    await page.goto(requestPath);
    await page.getByRole('button', { name: 'Ask for clarification' }).waitFor();
    await checkScreen(page, 'hub-request-detail');
  });

  it('lets the hub route the request to FGR-INT from the routing panel, away from the proposal', async () => {
    const page = await newPage();
    await signIn(page, 'hub@demo.test');
    await page.goto(requestPath);
    const panel = page.getByRole('region', { name: 'Routing' });
    // The rules' proposal, with the rule that made it and the rule set's version.
    await panel.getByText('R-025', { exact: true }).waitFor();
    await panel.getByText('version 1', { exact: false }).first().waitFor();

    const lead = panel.getByLabel('Lead agency');
    await lead.click();
    await lead.fill('FGR-INT');
    await page.getByRole('option', { name: /^FGR-INT · / }).click();
    // No supports for a records check: remove the proposed ones with the keyboard.
    const supports = panel.getByLabel('Supporting agencies');
    await supports.click();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await panel.getByText('This plan departs from the rules’ proposal').waitFor();
    // Departing from the proposal takes a reason: without one, nothing is sent.
    await panel.getByRole('button', { name: 'Route', exact: true }).click();
    await panel.getByText('Say why the plan departs from the proposal').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await panel
      .getByLabel(/^Why depart from the proposal/)
      .fill('FGR-INT holds the trace records; no supports needed.');
    await page.evaluate('window.scrollTo(0, 0)');
    await checkScreen(page, 'hub-routing-panel');

    // Routing cannot be undone: a summary of what will happen, and who is told, comes first.
    await panel.getByRole('button', { name: 'Route', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Route the request?' });
    await confirm.getByText(/^FGR-INT · .* leads and receives the request now\.$/).waitFor();
    await confirm.getByText(/Each agency is notified/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Route', exact: true }).click();
    await page.getByText('Routed', { exact: true }).first().waitFor({ timeout: 15_000 });
    // Right after routing, the re-route form holds the plan just sent (not the rules' proposal), without a reload.
    const rerouteLead = page.getByRole('region', { name: 'Routing' }).getByLabel('Lead agency');
    await expect.poll(() => rerouteLead.inputValue(), { timeout: 15_000 }).toMatch(/^FGR-INT · /);
    // The reason is in the history.
    await page.getByText('“FGR-INT holds the trace records; no supports needed.”').first().waitFor();
    // The fan-out delivers one assignment, to FGR-INT, shown with its clock.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Assignments' }).waitFor();
          return page.getByTestId('assignment-FGR-INT').count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await page.getByTestId(/^assignment-/).count()).toBe(1);
  });

  it('lets FGR accept the assignment and answer, partially then finally, in Spanish', async () => {
    const page = await newPage();
    await signIn(page, 'fgr@demo.test');
    await openFromMenu(page, 'Bandeja de la dependencia');
    await page.getByRole('heading', { name: 'Bandeja de la dependencia' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Rastreo de armas aseguradas en Sonora' });
    await row.waitFor({ timeout: 30_000 });
    // Each tab counts what it lists: the pending tab as many as the API gives the agency.
    const pending = await page.evaluate(async () => {
      const r = await fetch('/api/assignments/counts');
      return ((await r.json()) as { byStatus: { pending: number } }).byStatus.pending;
    });
    expect(pending).toBeGreaterThan(0);
    await page.getByRole('tab', { name: `Pendiente ${pending}`, selected: true }).waitFor();
    await checkScreen(page, 'agency-inbox');

    await row.getByRole('link').click();
    await page.waitForURL(/\/assignments\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Aceptar' }).click();
    // What is asked is on the agency's own page, under the request's marking, top and bottom.
    const asked = page.getByRole('region', { name: 'Lo que se solicita' });
    await asked.getByText('Se solicita el historial de rastreo de tres armas aseguradas en Hermosillo.').waitFor();
    await asked.getByText('Armería del Norte S.A.').waitFor();
    await asked.getByText('Hermosillo, Sonora').waitFor();
    expect(await page.getByTestId('marking-top').textContent()).toBe('SBU');
    expect(await page.getByTestId('marking-bottom').textContent()).toBe('SBU');
    const answer = page.getByRole('textbox', { name: 'Respuesta', exact: true });
    await answer.waitFor();
    await answer.fill('Avance: dos de las tres armas ya se localizaron en el registro.');
    await page.getByRole('button', { name: 'Enviar respuesta parcial' }).click();
    await page.getByText('Respuesta parcial', { exact: true }).waitFor();
    await answer.fill('Las tres armas constan en el registro federal; se anexan los datos de rastreo.');
    await page.getByRole('button', { name: 'Enviar respuesta final' }).click();
    const confirm = page.getByRole('dialog', { name: '¿Enviar su respuesta final?' });
    await confirm.getByText(/Su turno queda respondido/).waitFor();
    await confirm.getByRole('button', { name: 'Enviar respuesta final' }).click();
    await page.getByText('Respondida', { exact: true }).first().waitFor();
    await checkScreen(page, 'agency-assignment');
  });

  it('lets the hub release the consolidated response with FGR-INT’s answer attributed', async () => {
    const page = await newPage();
    await signIn(page, 'hub@demo.test');
    await page.goto(requestPath);
    // The worker consolidates once every assignment is answered.
    const release = page.getByRole('region', { name: 'Consolidated response' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { level: 1 }).waitFor();
          return release.count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await release.getByLabel('Reply to the requester').fill('The hub forwards the answer of FGR, attached below.');
    const pick = release.getByRole('checkbox', { name: /^FGR-INT · / });
    expect(await pick.isChecked()).toBe(true);
    await checkScreen(page, 'hub-release-response');
    await release.getByRole('button', { name: 'Release the response' }).click();
    const confirm = page.getByRole('dialog', { name: 'Release the reply?' });
    await confirm.getByText('The reply goes to DEA, the requesting agency.').waitFor();
    await confirm.getByText('Agency answers attached, each attributed: 1.').waitFor();
    await confirm.getByRole('button', { name: 'Release the response' }).click();
    await page.getByText('Response sent', { exact: true }).first().waitFor({ timeout: 15_000 });

    // No surprises the other way: the hub tells DEA something it must acknowledge.
    const notices = page.getByRole('region', { name: 'Notices to the US agency' });
    await notices
      .getByRole('textbox', { name: 'Notice', exact: true })
      .fill('FGR will brief the DEA country office on 2 June.');
    await notices.getByRole('button', { name: 'Send the notice' }).click();
    await notices.getByText('FGR will brief the DEA country office on 2 June.').waitFor();
  });

  it('shows the liaison the released response, each answer attributed, and the notices to acknowledge', async () => {
    const page = await newPage();
    await signIn(page, 'liaison.dea@demo.test');
    await page.goto(requestPath);
    await page.getByRole('heading', { name: 'Respuesta', exact: true }).waitFor();
    expect(await page.getByTestId('response-text').textContent()).toContain('The hub forwards the answer of FGR');
    await page.getByText('Las tres armas constan en el registro federal').waitFor();
    await page.getByText(/^FGR-INT · .*Responsable/).waitFor();
    await checkScreen(page, 'liaison-response');
    expect(await page.getByTestId('marking-top').textContent()).toBe('SBU');

    // The bell in the header counts the notices to acknowledge; one of them is the hub's.
    const bell = page.getByTestId('notice-bell');
    const toAcknowledge = async () =>
      Number(/(\d+) por acusar/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? NaN);
    await expect.poll(toAcknowledge, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await toAcknowledge();

    // The hub's notice waits for DEA's acknowledgement, first among the notices.
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^Avisos/ })
      .click();
    await page.getByRole('heading', { name: 'Avisos' }).waitFor();
    const notice = page.getByTestId('notice').filter({ hasText: 'FGR will brief the DEA country office' });
    await notice.waitFor({ timeout: 15_000 });
    await checkScreen(page, 'liaison-notices');
    await notice.getByRole('button', { name: 'Acusar recibo' }).click();
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
    // The bell follows at once, without a reload.
    await expect.poll(toAcknowledge, { timeout: 10_000 }).toBe(before - 1);
    await page.getByRole('tab', { name: /^Todos/ }).click();
    await page
      .getByTestId('notice')
      .filter({ hasText: 'FGR will brief' })
      .getByText(/· acusado /)
      .waitFor();
  });

  it('shows GANS the pending authorizations with their proposed dates', async () => {
    const page = await newPage();
    await signIn(page, 'gans@demo.test');
    await openFromMenu(page, 'Autorizaciones pendientes');
    await page.getByRole('heading', { name: 'Autorizaciones pendientes' }).waitFor();
    await page.getByRole('article').first().waitFor();
    await page.getByRole('button', { name: 'Autorizar' }).first().waitFor();
    await checkScreen(page, 'authorizer-pending');
  });

  it('lets the auditor find every step in the audit trail, verify the chain and read the figures', async () => {
    const page = await newPage();
    await signIn(page, 'auditor@demo.test');
    await openFromMenu(page, 'Auditoría');
    await page.getByRole('heading', { name: 'Búsqueda en la bitácora' }).waitFor();
    const folio = await page.evaluate(async (path: string) => {
      const r = await fetch(`/api${path}`);
      return ((await r.json()) as { folio: string }).folio;
    }, requestPath);
    expect(folio).toMatch(FOLIO);
    await page.getByLabel('Folio').fill(folio);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('heading', { name: `Bitácora de ${folio}` }).waitFor();
    const results = page.getByTestId('audit-results');
    await results.waitFor();
    while (await page.getByRole('button', { name: 'Cargar más' }).count()) {
      await page.getByRole('button', { name: 'Cargar más' }).click();
      await page.waitForLoadState('networkidle');
    }
    const actions = await results.locator('code').allTextContents();
    for (const step of [
      'request.create',
      'request.register',
      'request.claim',
      'request.route',
      'assignment.accept',
      'assignment.respond_partial',
      'assignment.respond',
      'request.complete_responses',
      'request.release_response',
      'access.denied',
    ]) {
      expect(actions).toContain(step);
    }
    await checkScreen(page, 'auditor-audit-search');

    await page.getByRole('link', { name: 'Integridad y exportaciones' }).click();
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    await page.getByTestId('verify-result').getByText('La bitácora está íntegra').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('export-link').getAttribute('href')).toBe('/api/audit/export');
    await checkScreen(page, 'auditor-integrity');

    await page.getByRole('link', { name: 'Reportes' }).click();
    await page.getByRole('figure', { name: 'Solicitudes por estado' }).waitFor();
    await page
      .getByRole('figure', { name: 'Cumplimiento de «sin sorpresas»' })
      .getByText(/debe ser 0\): \d+/)
      .waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await checkScreen(page, 'auditor-reports');
  });

  it('lets the administrator create a user, check the routing rules as a new version and see failed deliveries', async () => {
    const page = await newPage();
    await signIn(page, 'admin@demo.test');
    await openFromMenu(page, 'Users');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('cell', { name: /fgr@demo\.test/ }).waitFor();
    await checkScreen(page, 'admin-users');

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('E-mail').fill('nora.lee@demo.test');
    await dialog.getByLabel('Name').fill('Nora Lee (HSI)');
    await dialog.getByLabel('Agency').click();
    await dialog.getByLabel('Agency').fill('HSI');
    await page.getByRole('option', { name: /^HSI · / }).click();
    await dialog.getByLabel('Password', { exact: true }).fill('too-short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText('Must be at least 12 characters').waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill('');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const password = page.getByTestId('one-time-password');
    await password.waitFor();
    expect(await password.textContent()).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    oneTimePassword = (await password.textContent())!;
    await checkScreen(page, 'admin-user-created');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('link', { name: 'Routing rules' }).click();
    await page.getByRole('link', { name: 'version 1' }).click();
    await page.getByRole('heading', { name: 'Routing rules, version 1' }).waitFor();
    await page.getByRole('button', { name: 'Edit as a new version' }).click();
    const editor = page.getByLabel('Rule set (JSON)');
    const original = await editor.inputValue();
    // A lead that is no agency: the server's own validator names the rule and the field at once.
    await editor.fill(original.replace('"lead": "FGR"', '"lead": "NOPE"'));
    await page
      .getByText(/· lead: Is not a known agency/)
      .first()
      .waitFor();
    await checkScreen(page, 'admin-routing-rules-editor');
    await editor.fill(original);
    await page.getByLabel('What changed and why').fill('Republished unchanged from the browser test.');
    await page.getByRole('button', { name: 'Publish as a new version' }).click();
    await page.getByRole('heading', { name: 'Routing rules, version 2' }).waitFor();

    await page.getByRole('link', { name: 'Failed deliveries' }).click();
    await page.getByRole('heading', { name: 'Failed deliveries' }).waitFor();
    await checkScreen(page, 'admin-dead-letters');
  });

  it('makes a user created by an administrator set their own password first, then lets them change it from the menu', async () => {
    expect(oneTimePassword).not.toBe('');
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').focus();
    await page.keyboard.type('nora.lee@demo.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(oneTimePassword);
    await page.keyboard.press('Enter');
    // Nothing else opens until it is done: no menu, no requests.
    await page.getByRole('heading', { name: 'Set your own password' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await checkScreen(page, 'first-sign-in-password');
    await page.getByLabel('Current password').fill(oneTimePassword);
    await page.getByLabel('New password').first().fill('nora-chose-this-one');
    await page.getByLabel('New password, again').fill('nora-chose-this-one');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('navigation').waitFor();
    expect(page.url()).not.toContain('/sign-in');

    // Later, from the menu: a wrong current password is named at its field; the right one changes it.
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel('Current password').fill('not-my-password-at-all');
    await page.getByLabel('New password').first().fill('nora-second-choice');
    await page.getByLabel('New password, again').fill('nora-second-choice');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Is not your current password').waitFor();
    await page.getByLabel('Current password').fill('nora-chose-this-one');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password is changed. Other sessions have ended.').waitFor();
    await checkScreen(page, 'change-password');
  });

  it('shows the sign-in page at once after sign-out, for every role, and back shows no screen or data', async () => {
    for (const email of [
      'liaison.dea@demo.test',
      'hub@demo.test',
      'fgr@demo.test',
      'gans@demo.test',
      'auditor@demo.test',
      'admin@demo.test',
    ]) {
      const page = await newPage();
      await signIn(page, email);
      await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
      const where = new URL(page.url()).pathname;
      // Whatever the screen, a click on sign out: the sign-in page, at once and for good.
      await page.getByRole('button', { name: /^(Sign out|Cerrar sesión)$/ }).click();
      await page.getByRole('heading', { name: /^(Sign in|Iniciar sesión)$/ }).waitFor();
      expect([email, new URL(page.url()).pathname]).toEqual([email, '/sign-in']);
      expect(await page.getByRole('button', { name: /^(Sign out|Cerrar sesión)$/ }).count()).toBe(0);
      // Back, or the address of the screen the user was on: still the sign-in page, with nothing of theirs.
      await page.goBack().catch(() => null);
      await page.goto(where);
      await page.getByRole('heading', { name: /^(Sign in|Iniciar sesión)$/ }).waitFor();
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(
        await page
          .getByRole('alert')
          .filter({ hasText: /went wrong|Algo salió mal/ })
          .count(),
      ).toBe(0);
    }
  });

  it('answers a user who types the address of another role’s screen with the Not found page', async () => {
    const page = await newPage();
    await signIn(page, 'liaison.dea@demo.test');
    await page.getByTestId('home-figures').waitFor();
    for (const path of [
      '/hub',
      '/admin/users',
      '/admin',
      '/audit',
      '/audit/reports',
      '/inbox',
      '/authorizations',
      '/routing-rules',
      '/admin/dead-letters',
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { name: /^(Not found|No encontrado)$/ }).waitFor();
      expect([path, await page.getByText(/Your role may not|Su rol no/).count()]).toEqual([path, 0]);
    }
    // The hub has its queues, and no new-request form (a liaison's screen).
    const hub = await newPage();
    await signIn(hub, 'hub@demo.test');
    await hub.goto('/requests/new');
    await hub.getByRole('heading', { name: /^(Not found|No encontrado)$/ }).waitFor();
  });

  it('keeps sign-out, the bell and the language in view at phone width, with nothing to scroll sideways', async () => {
    const page = await h.newPage({ viewport: { width: 375, height: 740 } });
    await signIn(page, 'liaison.dea@demo.test');
    await page.goto(requestPath);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const signOut = page.getByRole('button', { name: /^(Sign out|Cerrar sesión)$/ });
    const box = await signOut.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await page.getByTestId('notice-bell').isVisible()).toBe(true);
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-request-detail.png') });
  });
});
