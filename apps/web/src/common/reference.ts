import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Agency, type RequestType, type Topic } from '../api/client';
import { useI18n } from '../i18n/i18n';

// Reference data changes rarely: fetched once per visit and shared by every screen.
const forever = { staleTime: Infinity, gcTime: Infinity } as const;

export const referenceKeys = {
  requestTypes: ['reference', 'request-types'] as const,
  topics: ['reference', 'topics'] as const,
  agencies: ['reference', 'agencies'] as const,
};

export function useRequestTypes() {
  return useQuery({
    queryKey: referenceKeys.requestTypes,
    queryFn: async (): Promise<RequestType[]> => (await unwrap(api.GET('/api/reference/request-types'))).items,
    ...forever,
  });
}

export function useTopics() {
  return useQuery({
    queryKey: referenceKeys.topics,
    queryFn: async (): Promise<Topic[]> => (await unwrap(api.GET('/api/reference/topics'))).items,
    ...forever,
  });
}

export function useAgencies() {
  return useQuery({
    queryKey: referenceKeys.agencies,
    queryFn: async (): Promise<Agency[]> => (await unwrap(api.GET('/api/reference/agencies'))).items,
    ...forever,
  });
}

/** "FGR-INT · Unidad de Asuntos Internacionales…": the code people use, then the name in the language on screen. */
export function useAgencyName(): (code: string) => string {
  const agencies = useAgencies();
  const { language } = useI18n();
  return (code) => {
    const a = agencies.data?.find((x) => x.code === code);
    if (!a) return code;
    return `${code} · ${language === 'es' ? a.nameEs : a.nameEn}`;
  };
}
