/** User roles (DESIGN §1). Wire values: never rename one once shipped. */
export const ROLES = ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may take a transition: a user's role, or the platform itself (registration, clocks, fan-out). */
export type ActorRole = Role | 'system';

export const ROLE_LABELS: Record<Role, { en: string; es: string }> = {
  liaison: { en: 'Liaison officer', es: 'Oficial de enlace' },
  hub_coordinator: { en: 'Hub coordinator', es: 'Coordinación SSAN' },
  agency_coordinator: { en: 'Agency coordinator', es: 'Coordinación de dependencia' },
  authorizer: { en: 'Authorizer (GANS)', es: 'Autorización (GANS)' },
  auditor: { en: 'Auditor', es: 'Auditoría' },
  admin: { en: 'Administrator', es: 'Administración' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
