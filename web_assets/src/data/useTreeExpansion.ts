import { useEffect, useRef, useState } from 'react';
import type { Key } from 'react';
import type { Affiliation } from '../api/types';

/**
 * Expanded state of an affiliation tree: every unit starts expanded, including ones that appear
 * later (a child just created), and what the operator collapsed stays collapsed across reloads.
 */
export function useTreeExpansion(items: Affiliation[]) {
  const [expanded, setExpanded] = useState<Key[]>([]);
  const known = useRef(new Set<number>());

  useEffect(() => {
    const fresh = items.filter((a) => !known.current.has(a.id)).map((a) => a.id);
    if (!fresh.length) return;
    fresh.forEach((id) => known.current.add(id));
    setExpanded((keys) => [...keys, ...fresh]);
  }, [items]);

  return { expandedKeys: expanded, onExpand: (keys: Key[]) => setExpanded(keys) };
}
