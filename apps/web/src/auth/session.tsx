import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionLost, unwrap, type SessionUser } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import type { Language } from '../i18n/language';

interface Session {
  user: SessionUser | null;
  loading: boolean;
  /** Set when the server ended the session under the user's feet (not when they signed out). */
  expired: boolean;
  signIn: (email: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
  /** Switches the interface language and saves it to the account, so it follows the user. */
  changeLanguage: (language: Language) => void;
}

const SessionContext = createContext<Session | null>(null);
export const SESSION_KEY = ['session'] as const;

async function fetchMe(): Promise<SessionUser | null> {
  try {
    return (await unwrap(api.GET('/api/auth/me'))).user;
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 401) return null;
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const i18n = useI18n();
  const [expired, setExpired] = useState(false);
  const me = useQuery({ queryKey: SESSION_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false });

  useEffect(
    () =>
      onSessionLost(() => {
        if (queryClient.getQueryData(SESSION_KEY)) setExpired(true);
        queryClient.setQueryData(SESSION_KEY, null);
      }),
    [queryClient],
  );

  const saveLanguage = useMutation({
    mutationFn: async (language: Language) => (await unwrap(api.PATCH('/api/auth/me', { body: { language } }))).user,
    onSuccess: (user) => queryClient.setQueryData(SESSION_KEY, user),
  });

  // The account's saved language applies on arrival, unless the user just picked one on this visit.
  const user = me.data ?? null;
  useEffect(() => {
    if (!user || user.language === i18n.language) return;
    if (i18n.chosenThisVisit()) saveLanguage.mutate(i18n.language);
    else i18n.setLanguage(user.language);
    // Only when who is signed in changes: later switches go through changeLanguage.
  }, [user?.id]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { user: signedIn } = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
      setExpired(false);
      queryClient.setQueryData(SESSION_KEY, signedIn);
      return signedIn;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST('/api/auth/logout'));
    } finally {
      // First no one is signed in, so the shell and every screen under it unmount (the session query is
      // updated in place: clearing the cache under a mounted observer would leave it showing the old user)…
      queryClient.setQueryData(SESSION_KEY, null);
      // …then nothing of the previous user's may linger in the cache for the next one on this browser.
      await queryClient.cancelQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    }
  }, [queryClient]);

  const changeLanguage = useCallback(
    (language: Language) => {
      i18n.setLanguage(language, { explicit: true });
      if (queryClient.getQueryData(SESSION_KEY)) saveLanguage.mutate(language);
    },
    [i18n, queryClient, saveLanguage],
  );

  const value = useMemo<Session>(
    () => ({ user, loading: me.isPending, expired, signIn, signOut, changeLanguage }),
    [user, me.isPending, expired, signIn, signOut, changeLanguage],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
