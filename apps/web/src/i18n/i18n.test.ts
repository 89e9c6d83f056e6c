import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { translate } from './i18n';

describe('translate', () => {
  it('picks the plural form by Intl.PluralRules in each language', () => {
    expect(translate('es', 'common.count', { count: 1 })).toBe('1 mostrada');
    expect(translate('es', 'common.count', { count: 2 })).toBe('2 mostradas');
    expect(translate('en', 'rules.versions', { count: 1 })).toBe('1 version');
    expect(translate('en', 'rules.versions', { count: 0 })).toBe('0 versions');
    expect(translate('es', 'deadLetters.attempts', { count: 1 })).toBe('1 intento');
  });

  it('writes numbers the language’s way', () => {
    expect(translate('en', 'common.count', { count: 20000 })).toBe('20,000 shown');
    expect(translate('es', 'common.count', { count: 20000 })).toMatch(/^20[\s,.\u00a0\u202f]000 mostradas$/);
  });

  it('has a plural form only beside a key that exists, in both languages', () => {
    for (const dictionary of [en, es] as Array<Record<string, string>>) {
      for (const key of Object.keys(dictionary).filter((k) => k.includes('#'))) {
        expect([key, key.split('#')[0] in dictionary]).toEqual([key, true]);
        expect([key, ['zero', 'one', 'two', 'few', 'many', 'other']]).toEqual([
          key,
          expect.arrayContaining([key.split('#')[1]]),
        ]);
      }
    }
  });
});
