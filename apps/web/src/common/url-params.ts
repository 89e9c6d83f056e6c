import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Sets one parameter of the address (an empty value or null removes it), replacing the history entry: a list's
 * filters live in the address, so that a reload, a bookmark or a saved view shows the same list.
 */
export function useUrlParam(): (key: string, value: string | null) => void {
  const [, setParams] = useSearchParams();
  return (key, value) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
}

/**
 * A search box whose text lives in the address under `key`: what is typed reaches the address after a pause
 * (and only then the query), and the box follows the address when something else changes it (a saved view,
 * back and forward, "clear filters").
 */
export function useUrlText(key = 'q', pauseMs = 300): [string, (text: string) => void] {
  const [params] = useSearchParams();
  const setParam = useUrlParam();
  const inUrl = params.get(key) ?? '';
  const [text, setText] = useState(inUrl);
  const [typed] = useDebouncedValue(text.trim(), pauseMs);
  useEffect(() => {
    // Only a pause on what the box holds now reaches the address: a late echo of text replaced meanwhile does not.
    if (typed === text.trim() && typed !== inUrl) setParam(key, typed || null);
  }, [typed]);
  useEffect(() => {
    if (inUrl !== text.trim()) setText(inUrl);
  }, [inUrl]);
  return [text, setText];
}
