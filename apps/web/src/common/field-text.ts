import { fieldMessage } from '@ventanilla/http/messages.js';
import type { Language } from '../i18n/language';

/** The server's own words for a field problem (libs/http messages.ts), capitalised to stand alone under a field. */
export function fieldText(code: string, language: Language, params: Record<string, unknown> = {}): string {
  const text = fieldMessage(code, language, params);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
