import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { interpolate } from '@ventanilla/http/messages.js';
import { en, type MessageKey } from './en';
import { es } from './es';
import { initialLanguage, localeFor, rememberLanguage, userTimeZone, type Language } from './language';

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, es };

export type Translate = (key: MessageKey, params?: Record<string, unknown>) => string;

export interface I18n {
  language: Language;
  locale: string;
  timeZone: string;
  t: Translate;
  /** Changes the language now; `explicit` marks a choice the user made (saved to their account on sign-in). */
  setLanguage: (language: Language, opts?: { explicit?: boolean }) => void;
  /** True once the user picked a language in this visit (then it wins over the one saved on the server). */
  chosenThisVisit: () => boolean;
  dateTime: (iso: string | null | undefined) => string;
  /** Compact date and time, for tables. */
  shortDateTime: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** Whoever needs the language outside React (the API client's Accept-Language header). */
let currentLanguage: Language = 'en';
export const activeLanguage = (): Language => currentLanguage;

const pluralRules: Partial<Record<Language, Intl.PluralRules>> = {};
const numberFormats: Partial<Record<Language, Intl.NumberFormat>> = {};

/**
 * The text of `key` in `language`. A numeric `count` picks the plural form (`key#one` when the dictionary has one,
 * chosen by Intl.PluralRules), and every number is written the language's way (20 000 / 20,000).
 */
export function translate(language: Language, key: MessageKey, params: Record<string, unknown> = {}): string {
  const dictionary = DICTIONARIES[language] as Record<string, string>;
  let text = dictionary[key];
  if (typeof params.count === 'number') {
    const rules = (pluralRules[language] ??= new Intl.PluralRules(localeFor(language)));
    text = dictionary[`${key}#${rules.select(params.count)}`] ?? text;
  }
  const numbers = (numberFormats[language] ??= new Intl.NumberFormat(localeFor(language)));
  const shown = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? numbers.format(v) : v]),
  );
  return interpolate(text, shown);
}

export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => fixed ?? initialLanguage());
  const chosen = useRef(false);
  currentLanguage = language;

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language, opts: { explicit?: boolean } = {}) => {
    if (opts.explicit) chosen.current = true;
    rememberLanguage(next);
    currentLanguage = next;
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const locale = localeFor(language);
    const timeZone = userTimeZone();
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    });
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    const shortFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone });
    const format = (f: Intl.DateTimeFormat) => (iso: string | null | undefined) =>
      iso ? f.format(new Date(iso)) : DICTIONARIES[language]['common.none'];
    return {
      language,
      locale,
      timeZone,
      t: (key, params) => translate(language, key, params),
      setLanguage,
      chosenThisVisit: () => chosen.current,
      dateTime: format(dateTimeFormat),
      shortDateTime: format(shortFormat),
      date: format(dateFormat),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
