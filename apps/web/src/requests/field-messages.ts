import { fieldMessage } from '@ventanilla/http/messages.js';
import type { Language } from '../i18n/language';
import type { FormFieldError } from './request-form-model';

/**
 * The server's own field messages (libs/http/src/messages.ts), shown under the field they concern: the
 * same words whether the browser or the API found the problem.
 */
export function messageFor(error: FormFieldError, language: Language): string {
  const text = fieldMessage(error.code, language, error.params ?? {});
  return text.charAt(0).toUpperCase() + text.slice(1);
}
