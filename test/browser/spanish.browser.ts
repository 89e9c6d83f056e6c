import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTING_MODIFIER_FLAGS, ROUTING_RULE_KINDS } from '@ventanilla/domain/routing-rules.js';
import { en } from '../../apps/web/src/i18n/en.js';
import { es } from '../../apps/web/src/i18n/es.js';
import agenciesDoc from '../../seeds/data/agencies.json' with { type: 'json' };
import requestTypesDoc from '../../seeds/data/request-types.json' with { type: 'json' };
import topicsDoc from '../../seeds/data/topics.json' with { type: 'json' };
import { seriousViolations } from './accessibility.js';
import { type BrowserHarness, PASSWORD, openHarness } from './harness.js';

type Language = 'en' | 'es';

/** Names and definitions of the reference data, in each language (the interface shows the one on screen). */
const REFERENCE = [...agenciesDoc.agencies, ...topicsDoc.topics, ...requestTypesDoc.requestTypes] as Array<{
  nameEn: string;
  nameEs: string;
  definition?: string;
  definitionEs?: string;
}>;
/** Words Mantine draws in English unless told otherwise. */
const LIBRARY_ENGLISH = ['Toggle password visibility', 'Scroll left', 'Scroll right'];

/**
 * The English texts a Spanish screen must not show: every value of the English catalogue, the English names
 * and definitions of the reference data and the library's own English words, unless the same text is also
 * Spanish ("PDF", "Folio" read the same in both). A value with `{placeholders}` matches whatever fills them,
 * when enough of it is words to tell.
 */
const ENGLISH_ONLY = (() => {
  const spanish = new Set([
    ...Object.values(es as Record<string, string>),
    ...REFERENCE.flatMap((r) => [r.nameEs, r.definitionEs ?? '']),
  ]);
  const english = [
    ...Object.values(en as Record<string, string>),
    ...REFERENCE.flatMap((r) => [r.nameEn, r.definition ?? '']).filter(Boolean),
    ...LIBRARY_ENGLISH,
  ];
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const value of new Set(english)) {
    if (spanish.has(value)) continue;
    if (!value.includes('{')) {
      exact.add(value.replace(/\s+/g, ' ').trim());
      continue;
    }
    const literal = value.replace(/\{\w+\}/g, '');
    if ((literal.match(/\p{L}/gu) ?? []).length < 4) continue;
    const source = value
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
      .join('.+?');
    patterns.push(new RegExp(`^${source}$`, 's'));
  }
  return { exact, patterns, matches: (text: string) => exact.has(text) || patterns.some((p) => p.test(text)) };
})();

/**
 * Codes that have words in both languages, so shown alone they mean the words are missing: routing rule kinds
 * and modifier flags, and what an audit event is about (a request or an assignment shows its folio instead).
 */
const BARE_CODES = new Set<string>([
  ...ROUTING_RULE_KINDS,
  ...ROUTING_MODIFIER_FLAGS,
  ...['session', 'user', 'notification', 'reference', 'queue', 'job', 'webhook_endpoint', 'email_contact'],
  ...['dead_letter', 'audit', 'report', 'attachment', 'translation'],
]);

/**
 * What a user sees and hears on the page now: the text of every visible element (each text node, and the whole
 * text of every element), the names screen readers announce (aria-label, title, alt, placeholder), the values
 * shown in inputs and the tab's title. A string, evaluated in the page: this file is type-checked for Node.
 */
const SHOWN_TEXT = `(() => {
  const norm = (s) => (s ?? '').replace(/\\s+/g, ' ').trim();
  const visible = (el) => !el || typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true });
  // Words marked as another language on purpose (the switch names each language in its own) are not the page's.
  const page = document.documentElement.lang;
  const foreign = (el) => { const l = el?.closest('[lang]')?.getAttribute('lang'); return !!l && l !== page; };
  const out = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = norm(n.textContent);
    if (text && visible(n.parentElement) && !foreign(n.parentElement)) out.add('text|' + text);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'svg'].includes(el.tagName) || foreign(el)) continue;
    for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext', 'aria-roledescription']) {
      const v = norm(el.getAttribute(a));
      if (v) out.add(a + '|' + v);
    }
    if (!visible(el)) continue;
    if ((el.textContent ?? '').length <= 300) {
      let own = '';
      const inner = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = inner.nextNode(); n; n = inner.nextNode()) if (!foreign(n.parentElement)) own += n.textContent;
      const text = norm(own);
      if (text) out.add('text|' + text);
    }
    if ((el.tagName === 'INPUT' && !['password', 'hidden'].includes(el.type)) || el.tagName === 'TEXTAREA') {
      const v = norm(el.value);
      if (v) out.add('value|' + v);
    }
  }
  out.add('document.title|' + norm(document.title.replace(/ · Ventanilla$/, '')));
  return [...out];
})()`;

interface Screen {
  /** A name for the report. */
  name: string;
  /** The address, or how to find it once signed in (ids differ on every start). */
  path: string | ((page: Page) => Promise<string>);
  /** What to do once there, before looking (open a tab, run a search). */
  then?: (page: Page, language: Language) => Promise<void>;
}

/** The newest request the signed-in user may read in the first of these statuses that has one. */
function firstRequest(...statuses: string[]) {
  return async (page: Page): Promise<string> => {
    const items = await page.evaluate(async () => {
      const r = await fetch('/api/requests?limit=100');
      return ((await r.json()) as { items: Array<{ id: string; status: string }> }).items;
    });
    for (const status of statuses) {
      const found = items.find((i) => i.status === status);
      if (found) return `/requests/${found.id}`;
    }
    throw new Error(`no request in ${statuses.join(', ')}`);
  };
}

async function firstAssignment(page: Page): Promise<string> {
  const id = await page.evaluate(async () => {
    const r = await fetch('/api/assignments?limit=20');
    const body = (await r.json()) as { items: Array<{ id: string }> };
    return body.items[0]?.id ?? null;
  });
  if (!id) throw new Error('no assignment');
  return `/assignments/${id}`;
}

const clickTab = (name: { en: RegExp; es: RegExp }) => async (page: Page, language: Language) => {
  await page.getByRole('tab', { name: name[language] }).first().click();
};

/** Every main screen of every role, as its demo account sees it. */
const WALK: Array<{ email: string; screens: Screen[] }> = [
  {
    email: 'liaison.fincen@demo.test',
    screens: [
      { name: 'home', path: '/home' },
      { name: 'my requests', path: '/requests' },
      { name: 'a request with its response', path: firstRequest('response_sent') },
      { name: 'new request', path: '/requests/new' },
      { name: 'search', path: '/search?q=accounts' },
      { name: 'notices', path: '/notices' },
    ],
  },
  {
    email: 'liaison.cdc@demo.test',
    screens: [
      { name: 'a draft', path: firstRequest('draft') },
      { name: 'a draft’s form', path: async (page) => `${await firstRequest('draft')(page)}/edit` },
    ],
  },
  {
    email: 'liaison.hsi@demo.test',
    screens: [{ name: 'a request to clarify', path: firstRequest('clarification_requested') }],
  },
  {
    email: 'hub@demo.test',
    screens: [
      { name: 'home', path: '/home' },
      { name: 'hub queues', path: '/hub' },
      { name: 'hub queues, routed', path: '/hub', then: clickTab({ en: /^Routed/, es: /^Turnadas/ }) },
      { name: 'a request to route', path: firstRequest('registered', 'in_analysis') },
      { name: 'a routed request', path: firstRequest('in_progress') },
      { name: 'a request to release', path: firstRequest('responses_received') },
      { name: 'requests', path: '/requests' },
      { name: 'routing rules', path: '/routing-rules' },
      { name: 'search', path: '/search?q=firearms' },
      { name: 'notices', path: '/notices' },
    ],
  },
  {
    email: 'fgr@demo.test',
    screens: [
      { name: 'home', path: '/home' },
      { name: 'agency inbox', path: '/inbox' },
      { name: 'an assignment', path: firstAssignment },
      { name: 'notices', path: '/notices' },
    ],
  },
  {
    email: 'gans@demo.test',
    screens: [
      { name: 'home', path: '/home' },
      { name: 'pending authorizations', path: '/authorizations' },
      {
        name: 'past decisions',
        path: '/authorizations',
        then: clickTab({ en: /^Decided/, es: /^Decididas/ }),
      },
      { name: 'a request awaiting authorization', path: firstRequest('awaiting_authorization') },
      { name: 'notices', path: '/notices' },
    ],
  },
  {
    email: 'auditor@demo.test',
    screens: [
      { name: 'home', path: '/home' },
      { name: 'audit search', path: '/audit' },
      {
        name: 'audit history of a request',
        path: async (page) => `/audit?requestId=${(await firstRequest('response_sent')(page)).split('/')[2]}`,
      },
      { name: 'integrity', path: '/audit/integrity' },
      {
        name: 'integrity, verified',
        path: '/audit/integrity',
        then: async (page, language) => {
          await page
            .getByRole('button', { name: language === 'es' ? 'Verificar la cadena' : 'Verify the chain' })
            .click();
          await page.getByTestId('verify-result').waitFor({ timeout: 30_000 });
        },
      },
      { name: 'reports', path: '/audit/reports' },
      { name: 'requests', path: '/requests' },
      { name: 'a request’s history', path: firstRequest('response_sent') },
    ],
  },
  {
    email: 'admin@demo.test',
    screens: [
      { name: 'home', path: '/home' },
      { name: 'users', path: '/admin/users' },
      { name: 'routing rules', path: '/routing-rules' },
      { name: 'routing rules, version 1', path: '/routing-rules/1' },
      { name: 'failed deliveries', path: '/admin/dead-letters' },
    ],
  },
];

/**
 * A Spanish walk through every main screen of every role: nothing on a Spanish screen (text, screen-reader
 * names, the tab's title) is a text of the English catalogue; and axe finds nothing serious or critical on any
 * of them, in Spanish or in English.
 */
describe('every screen in Spanish, and accessible in both languages (zero-setup start, Chromium)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await openHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const newPage = (): Promise<Page> => h.newPage();

  /** The screen once it has loaded: its heading shown, nothing in flight, no spinner, no toast. */
  async function settled(page: Page): Promise<void> {
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await expect
      .poll(() => page.locator('.mantine-Loader-root, .mantine-Notification-root, [aria-busy="true"]').count(), {
        timeout: 15_000,
      })
      .toBe(0);
  }

  /** What users wrote (request titles, which may read like a type's English name): content, not interface. */
  const userContent = new Set<string>();
  async function noteUserContent(page: Page): Promise<void> {
    const titles = await page.evaluate(async () => {
      const r = await fetch('/api/requests?limit=100');
      return r.ok ? ((await r.json()) as { items: Array<{ title: string | null }> }).items.map((i) => i.title) : [];
    });
    for (const title of titles) if (title) userContent.add(title.replace(/\s+/g, ' ').trim());
  }

  /** English texts on the page, one line each. */
  async function englishOnPage(page: Page): Promise<string[]> {
    return (await shownOn(page))
      .filter(({ text }) => ENGLISH_ONLY.matches(text) && !userContent.has(text))
      .map(({ kind, text }) => `${kind} “${text}”`);
  }

  /** Codes shown where their words should be, in either language. */
  async function bareCodesOnPage(page: Page): Promise<string[]> {
    return (await shownOn(page))
      .filter(({ kind, text }) => kind === 'text' && BARE_CODES.has(text))
      .map(({ text }) => `code “${text}” shown without its words`);
  }

  async function shownOn(page: Page): Promise<Array<{ kind: string; text: string }>> {
    return ((await page.evaluate(SHOWN_TEXT)) as string[]).map((entry) => {
      const [kind, ...rest] = entry.split('|');
      return { kind, text: rest.join('|') };
    });
  }

  async function signInAs(page: Page, email: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('E-mail').press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await settled(page);
    await noteUserContent(page);
  }

  /** The header's switch, which also saves the choice to the account (the next page load asks the server). */
  async function switchLanguage(page: Page, language: Language): Promise<void> {
    if ((await page.evaluate('document.documentElement.lang')) !== language) {
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH'),
        page
          .getByText(language === 'es' ? 'Español' : 'English', { exact: true })
          .first()
          .click(),
      ]);
    }
    await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe(language);
  }

  async function look(page: Page, where: string, language: Language, findings: string[]): Promise<void> {
    await settled(page);
    expect([where, await page.evaluate('document.documentElement.lang')]).toEqual([where, language]);
    for (const v of await seriousViolations(page)) findings.push(`${language} ${where}: axe ${v}`);
    for (const s of await bareCodesOnPage(page)) findings.push(`${language} ${where}: ${s}`);
    if (language === 'es') for (const s of await englishOnPage(page)) findings.push(`es ${where}: ${s}`);
  }

  it('finds every English text of the catalogue when the sign-in page is in English (the check works)', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const english = await englishOnPage(page);
    expect(english).toContain('text “Sign in”');
    expect(english).toContain('text “E-mail”');
    expect(english).toContain('document.title “Sign in”');
  });

  it('shows the sign-in page in Spanish, accessible in both languages', async () => {
    const page = await newPage();
    const findings: string[] = [];
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await look(page, 'sign-in', 'en', findings);
    await page.getByText('Español', { exact: true }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await look(page, 'sign-in', 'es', findings);
    expect(findings).toEqual([]);
  });

  for (const { email, screens } of WALK) {
    it(`shows ${email.split('@')[0]} every main screen in Spanish, accessible in both languages`, async () => {
      const page = await newPage();
      const findings: string[] = [];
      await signInAs(page, email);
      for (const language of ['es', 'en'] as const) {
        await switchLanguage(page, language);
        for (const screen of screens) {
          const where = `${email.split('@')[0]} ${screen.name}`;
          const target = typeof screen.path === 'string' ? screen.path : await screen.path(page);
          await page.goto(target);
          await settled(page);
          expect([where, await page.getByTestId('not-found').count()]).toEqual([where, 0]);
          await screen.then?.(page, language);
          await look(page, where, language, findings);
        }
      }
      expect(findings).toEqual([]);
    }, 400_000);
  }

  it('takes the administrator from the menu to the queue dashboard, and nobody else', async () => {
    for (const email of ['admin@demo.test', 'hub@demo.test']) {
      const page = await newPage();
      await signInAs(page, email);
      await switchLanguage(page, 'es');
      const link = page.getByRole('navigation').getByRole('link', { name: 'Tablero de colas' });
      if (email !== 'admin@demo.test') {
        expect(await link.count()).toBe(0);
        continue;
      }
      expect(await link.getAttribute('href')).toBe('/admin/queues');
      const [response] = await Promise.all([page.waitForNavigation(), link.click()]);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toMatch(/^\/admin\/queues/);
    }
  });
});
