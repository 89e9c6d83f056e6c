import { timingSafeEqual } from 'node:crypto';

/**
 * Who may scrape: anyone when no token is configured (keep the port internal), otherwise only a caller
 * sending `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function mayScrape(authorization: string | undefined, token: string | null): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
