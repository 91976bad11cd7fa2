import { useCallback, useMemo, useState } from 'react';

/**
 * Server-side cursor paging: the API only goes forward (`next_cursor`), so remember the cursor
 * of every page visited to be able to go back.
 */
export function useCursorPages() {
  // stack[i] is the cursor that fetches page i; page 0 needs none.
  const [stack, setStack] = useState<string[]>(['']);

  const next = useCallback((nextCursor: string) => {
    if (nextCursor) setStack((s) => [...s, nextCursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack((s) => (s.length === 1 ? s : [''])), []);

  return useMemo(
    () => ({ cursor: stack[stack.length - 1] || undefined, pageIndex: stack.length - 1, next, previous, reset }),
    [stack, next, previous, reset],
  );
}
