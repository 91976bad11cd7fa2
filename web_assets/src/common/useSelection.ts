import { useCallback, useMemo, useState } from 'react';

type Selection<T> = { item: T } | 'new' | null;

/**
 * Which object the detail pane shows: none, a new one, or one of the list. The object is kept
 * whole, so the pane stays open while the list reloads or when it is not on the visible page
 * (one just created); the list's copy wins when it has one, being fresher.
 */
export function useSelection<T extends { id: number }>(items: T[]) {
  const [selection, setSelection] = useState<Selection<T>>(null);
  const selected =
    selection && selection !== 'new' ? (items.find((i) => i.id === selection.item.id) ?? selection.item) : undefined;

  const select = useCallback((item: T) => setSelection({ item }), []);
  const selectNew = useCallback(() => setSelection('new'), []);
  const clear = useCallback(() => setSelection(null), []);

  return useMemo(
    () => ({ selected, open: selection !== null, select, selectNew, clear }),
    [selected, selection, select, selectNew, clear],
  );
}
