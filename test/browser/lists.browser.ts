import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './accessibility.js';
import { type BrowserHarness, openHarness, signInByForm } from './harness.js';

/**
 * The lists as a desk officer uses them day to day: sorted by a click on a column, filtered, the view kept in the
 * address (so a reload, a bookmark or a shared link shows the same), and saved under a name to open again later.
 */
describe('lists: sort, filters in the address, saved views (zero-setup start, Chromium)', () => {
  let h: BrowserHarness;
  let baseUrl: string;

  beforeAll(async () => {
    h = await openHarness();
    baseUrl = h.baseUrl;
  });

  afterAll(async () => {
    await h?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await h.newPage();
    await signInByForm(page, email);
    // Some demo users work in Spanish; these checks read the English screens.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  /** The first column's text of every row of the list's table (the folio, or the time for the audit trail). */
  const firstColumn = async (page: Page): Promise<string[]> =>
    (await page.locator('table').first().locator('tbody tr td:first-child').allTextContents()).map((t) => t.trim());

  const header = (page: Page, name: string) => page.getByRole('columnheader', { name: new RegExp(`^${name}`) });

  it('keeps a sorted, filtered request list through a reload, and reopens it as a saved view', async () => {
    const page = await signedIn('hub@demo.test');
    await page.goto('/requests');
    await page.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    await page.locator('tbody tr').first().waitFor();

    // Folio, twice: Z→A. Then only urgent requests.
    await header(page, 'Folio').getByRole('button').click();
    await expect.poll(() => header(page, 'Folio').getAttribute('aria-sort')).toBe('ascending');
    await header(page, 'Folio').getByRole('button').click();
    await expect.poll(() => header(page, 'Folio').getAttribute('aria-sort')).toBe('descending');
    await page.getByLabel('Priority', { exact: true }).first().click();
    await page.getByRole('option', { name: 'P2 · Urgent', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('priority')).toBe('P2');
    // Wait for the filtered, sorted answer to replace the one on screen, rather than for a quiet network.
    const priorities = async () =>
      (await page.locator('tbody tr td:nth-child(6)').allTextContents()).map((b) => b.trim().slice(0, 2));
    await expect.poll(async () => [...new Set(await priorities())], { timeout: 15_000 }).toEqual(['P2']);
    await expect
      .poll(async () => {
        const now = await firstColumn(page);
        return now.length > 1 && now.join() === [...now].sort().reverse().join();
      })
      .toBe(true);
    const folios = await firstColumn(page);
    const address = new URL(page.url());
    expect(Object.fromEntries(address.searchParams)).toEqual({ sort: 'folio', order: 'desc', priority: 'P2' });

    // A reload (or the same address in another tab) shows the same view.
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    await expect.poll(() => firstColumn(page), { timeout: 15_000 }).toEqual(folios);
    expect(await header(page, 'Folio').getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByLabel('Priority', { exact: true }).first().inputValue()).toBe('P2 · Urgent');

    // Saved under a name; the list cleared; the view opened again from the menu.
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save this view…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this view' });
    await dialog.getByLabel('Name of the view').fill('Urgent, newest folios');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.url()).toBe(`${baseUrl}/requests`);

    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Urgent, newest folios' }).click();
    await expect
      .poll(() => Object.fromEntries(new URL(page.url()).searchParams))
      .toEqual({
        sort: 'folio',
        order: 'desc',
        priority: 'P2',
      });
    await expect.poll(() => firstColumn(page), { timeout: 15_000 }).toEqual(folios);
    expect(await seriousViolations(page)).toEqual([]);

    // Nobody else sees it: another hub coordinator's menu has no views.
    const colleague = await signedIn('hub2@demo.test');
    await colleague.goto('/requests');
    await colleague.getByRole('button', { name: 'Views' }).click();
    await colleague.getByRole('menuitem', { name: 'No saved views yet' }).waitFor();
    expect(await colleague.getByRole('menuitem', { name: 'Urgent, newest folios' }).count()).toBe(0);

    // Deleted, it is gone from the menu.
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Delete views…' }).click();
    const manage = page.getByRole('dialog', { name: 'Your saved views' });
    await manage.getByRole('button', { name: 'Delete the view “Urgent, newest folios”' }).click();
    await manage.getByText('No saved views yet').waitFor();
  });

  it("keeps the audit trail's order and filters through a reload", async () => {
    const page = await signedIn('auditor@demo.test');
    await page.goto('/audit');
    await page.locator('tbody tr').first().waitFor();
    await page
      .getByLabel(/^Action/)
      .first()
      .fill('request.*');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await header(page, 'Action').getByRole('button').click();
    await expect
      .poll(() => Object.fromEntries(new URL(page.url()).searchParams))
      .toEqual({
        action: 'request.*',
        sort: 'action',
      });
    // The sorted answer replaces the unsorted one on screen: wait for it rather than for a quiet network.
    const shown = () => page.locator('tbody tr td:nth-child(3) code').allTextContents();
    const sortedOnScreen = async () => {
      const now = await shown();
      return now.length > 1 && now.join('\n') === [...now].sort().join('\n');
    };
    await expect.poll(sortedOnScreen, { timeout: 15_000 }).toBe(true);
    const actions = await shown();
    expect(actions.every((a) => a.startsWith('request.'))).toBe(true);
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    await expect.poll(shown, { timeout: 15_000 }).toEqual(actions);
    expect(await header(page, 'Action').getAttribute('aria-sort')).toBe('ascending');
    expect(
      await page
        .getByLabel(/^Action/)
        .first()
        .inputValue(),
    ).toBe('request.*');
  });

  it("keeps the administrator's account filters and sort in the address", async () => {
    const page = await signedIn('admin@demo.test');
    await page.goto('/admin/users?role=liaison&sort=email&order=desc');
    await page.locator('tbody tr').first().waitFor();
    await page.waitForLoadState('networkidle');
    const people = await firstColumn(page);
    expect(people.length).toBeGreaterThan(2);
    expect(people[0]).toMatch(/\(DOJ-OIA\)/);
    expect(people[people.length - 1]).toMatch(/\(ATF\)/);
    expect(new Set(await page.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(
      new Set(['Liaison officer']),
    );
    expect(await header(page, 'User').getAttribute('aria-sort')).toBe('descending');
  });
});
