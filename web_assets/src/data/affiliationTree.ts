import type { Affiliation } from '../api/types';

export interface AffiliationNode {
  key: number;
  value: number;
  title: string;
  affiliation: Affiliation;
  children: AffiliationNode[];
  disabled?: boolean;
}

export const affiliationLabel = (a: Affiliation): string => `${a.name} (${a.code})`;

/**
 * Nests the flat list (parents before children) into antd Tree / TreeSelect data. Units whose
 * parent is not visible become roots: an operator may see a subtree without its ancestors.
 * `disable` greys out units that cannot be chosen (a unit's own subtree when moving it).
 */
export function buildAffiliationTree(items: Affiliation[], disable?: (a: Affiliation) => boolean): AffiliationNode[] {
  const nodes = new Map<number, AffiliationNode>();
  const roots: AffiliationNode[] = [];
  for (const a of items) {
    const node: AffiliationNode = {
      key: a.id,
      value: a.id,
      title: affiliationLabel(a),
      affiliation: a,
      children: [],
      disabled: disable?.(a),
    };
    nodes.set(a.id, node);
    const parent = a.parent_id === null ? undefined : nodes.get(a.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The ids of `rootId` and every unit below it, following parent links. */
export function subtreeIds(items: Affiliation[], rootId: number): Set<number> {
  const ids = new Set([rootId]);
  // Parents come before children, so one pass finds every descendant.
  for (const a of items) {
    if (a.parent_id !== null && ids.has(a.parent_id)) ids.add(a.id);
  }
  return ids;
}
