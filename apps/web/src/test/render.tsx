import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import type { Agency, RequestType, SessionUser, Topic } from '../api/client';
import { SESSION_KEY, SessionProvider } from '../auth/session';
import { referenceKeys } from '../common/reference';
import { I18nProvider } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import { theme } from '../theme';

/** A few request types and topics, as GET /api/reference/* answers them. */
export const REQUEST_TYPES: RequestType[] = [
  {
    code: 'information',
    family: 'INTEL',
    nameEn: 'Information request',
    nameEs: 'Solicitud de información',
    definition: 'A request for existing data.',
    definitionEs: 'Solicitud de datos que ya existen.',
    noSurprises: 'report',
    defaultPriority: 'P3',
    requiresProposedActionAt: false,
  },
  {
    code: 'coordinated_operation',
    family: 'OPS',
    nameEn: 'Coordinated operation',
    nameEs: 'Operación coordinada',
    definition: 'Mirror operations on each side of the border.',
    definitionEs: 'Operaciones espejo a cada lado de la frontera.',
    noSurprises: 'notice',
    defaultPriority: 'P2',
    requiresProposedActionAt: true,
  },
  {
    code: 'advance_notice',
    family: 'NOTICE',
    nameEn: 'Advance notice',
    nameEs: 'Aviso previo',
    definition: 'Notice of a planned action.',
    definitionEs: 'Aviso de una acción planeada.',
    noSurprises: 'notice',
    defaultPriority: 'P2',
    requiresProposedActionAt: true,
  },
];

export const TOPICS: Topic[] = [
  { code: 'firearms', nameEn: 'Firearms trafficking', nameEs: 'Tráfico de armas' },
  { code: 'money_laundering', nameEn: 'Money laundering', nameEs: 'Lavado de dinero' },
];

/** A few agencies of each kind, as GET /api/reference/agencies answers them. */
export const AGENCIES: Agency[] = [
  ['FGR', 'MX', 'receiving', null, 'Office of the Attorney General', 'Fiscalía General de la República'],
  ['FGR-INT', 'MX', 'receiving', 'FGR', 'International Affairs Unit', 'Unidad de Asuntos Internacionales'],
  ['SSPC', 'MX', 'receiving', null, 'Security Ministry', 'Secretaría de Seguridad'],
  ['SRE', 'MX', 'oversight', null, 'Foreign Ministry', 'Secretaría de Relaciones Exteriores'],
  ['SRE-SSAN', 'MX', 'hub', 'SRE', 'Undersecretariat for North America', 'Subsecretaría para América del Norte'],
  ['GANS', 'MX', 'oversight', null, 'High-Level Security Group', 'Grupo de Alto Nivel de Seguridad'],
  ['PJF', 'MX', 'oversight', null, 'Federal Judiciary', 'Poder Judicial de la Federación'],
  ['DEA', 'US', 'requesting', null, 'Drug Enforcement Administration', 'Administración para el Control de Drogas'],
  ['HSI', 'US', 'requesting', null, 'Homeland Security Investigations', 'Investigaciones de Seguridad Nacional'],
].map(([code, country, role, parent, nameEn, nameEs]) => ({
  code: code!,
  country: country!,
  role: role!,
  parent,
  nameEn: nameEn!,
  nameEs: nameEs!,
  topics: [],
}));

export interface RenderOptions {
  /** Signed in as this user (no call to GET /api/auth/me). */
  user?: SessionUser;
}

/** Renders a screen with everything around it (theme, cache with reference data, language, router). */
export function renderScreen(
  ui: ReactNode,
  language: Language,
  opts: RenderOptions = {},
): RenderResult & { queryClient: QueryClient } {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  queryClient.setQueryData(referenceKeys.requestTypes, REQUEST_TYPES);
  queryClient.setQueryData(referenceKeys.topics, TOPICS);
  queryClient.setQueryData(referenceKeys.agencies, AGENCIES);
  if (opts.user) queryClient.setQueryData(SESSION_KEY, { ...opts.user, language });
  const result = render(
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={queryClient}>
        <I18nProvider language={language}>
          <MemoryRouter>{opts.user ? <SessionProvider>{ui}</SessionProvider> : ui}</MemoryRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return Object.assign(result, { queryClient });
}
