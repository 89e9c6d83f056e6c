import { isForeignAgency, isHubLike, JUDICIARY_AGENCY } from '@ventanilla/domain/routing-rules.js';
import type { Agency } from '../api/client';
import type { Language } from '../i18n/language';

export interface AgencyOption {
  value: string;
  label: string;
}

export interface AgencyGroup {
  group: string;
  items: AgencyOption[];
}

const TAKES_WORK = new Set(['receiving', 'oversight']);

/**
 * The agencies a coordinator may route to, grouped by the ministry they belong to: Mexican agencies that take
 * work (receiving or oversight), never a US agency, never the judiciary (reached through FGR), never the hub,
 * except the hub as lead where the rules themselves propose it. The server checks the same (checkRoutePlan).
 */
export function routableAgencies(
  agencies: readonly Agency[],
  language: Language,
  opts: { allowHub?: string | null } = {},
): AgencyGroup[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const name = (a: Agency) => (language === 'es' ? a.nameEs : a.nameEn);
  const fits = (a: Agency) =>
    (a.code === opts.allowHub && isHubLike(a.code, byCode)) ||
    (!isForeignAgency(a) && TAKES_WORK.has(a.role) && a.code !== JUDICIARY_AGENCY && !isHubLike(a.code, byCode));
  const groups = new Map<string, AgencyOption[]>();
  for (const a of [...agencies].filter(fits).sort((x, y) => x.code.localeCompare(y.code))) {
    const parent = a.parent && byCode.get(a.parent) ? a.parent : a.code;
    const list = groups.get(parent) ?? [];
    list.push({ value: a.code, label: `${a.code} · ${name(a)}` });
    groups.set(parent, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([parent, items]) => ({ group: `${parent} · ${name(byCode.get(parent)!)}`, items }));
}
