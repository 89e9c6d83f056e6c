import { recipientLanguage } from '@ventanilla/domain/notification-policy.js';
import type { NoticeLanguage } from './templates.js';

/**
 * The language of one recipient: what was configured for the address, else the language of the user who owns
 * it, else the agency's country (Mexican agencies read Spanish, the others English). The rule is the
 * notification policy's (libs/domain), so that every channel writes in the language the policy names.
 */
export function noticeLanguage(
  configured: string | null | undefined,
  userLanguage: string | null | undefined,
  agencyCountry: string | null | undefined,
): NoticeLanguage {
  return recipientLanguage(configured, userLanguage, agencyCountry);
}
