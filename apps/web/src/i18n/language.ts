export type Language = 'en' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'es'];

const STORAGE_KEY = 'ventanilla.language';

/**
 * The language before anyone signs in: the last one chosen on this browser, else the browser's own. Once
 * signed in, the user's saved language (PATCH /api/auth/me) wins, so it follows them across devices.
 */
export function initialLanguage(): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'es') return stored;
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function rememberLanguage(language: Language): void {
  safeStorage()?.setItem(STORAGE_KEY, language);
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

/** The locale for dates and numbers: the browser's own when it speaks the chosen language, else a sensible one. */
export function localeFor(language: Language): string {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return preferred.find((l) => l.toLowerCase().startsWith(language)) ?? (language === 'es' ? 'es-MX' : 'en-US');
}

export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
