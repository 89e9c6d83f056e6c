import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Serious and critical axe findings (WCAG 2.1 A and AA rules) on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** True when the page needs no horizontal scrolling at its viewport width. */
export async function fitsViewportWidth(page: Page): Promise<boolean> {
  // A string, evaluated in the page: this file is type-checked for Node, without the DOM's types.
  return (await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')) === true;
}
