import { useMemo } from 'react';
import { Button, Tree, Typography } from 'antd';
import type { Affiliation } from '../../api/types';
import { buildAffiliationTree, type AffiliationNode } from '../../data/affiliationTree';
import { useTreeExpansion } from '../../data/useTreeExpansion';
import { useT } from '../../i18n/I18nContext';

interface Props {
  affiliations: Affiliation[];
  selected: number | undefined;
  onSelect: (id: number | undefined) => void;
}

/** The group-list pane of the user list: pick an affiliation (with its sub-units) or all. */
export function AffiliationFilterPane({ affiliations, selected, onSelect }: Props) {
  const t = useT();
  const treeData = useMemo(() => buildAffiliationTree(affiliations), [affiliations]);
  const expansion = useTreeExpansion(affiliations);

  return (
    <div className="pane-section">
      <Typography.Text strong className="pane-section__title">
        {t('users.affiliations')}
      </Typography.Text>
      <Button
        block
        type={selected === undefined ? 'primary' : 'text'}
        className="pane-section__all"
        onClick={() => onSelect(undefined)}
        data-testid="affiliation-all"
      >
        {t('users.allAffiliations')}
      </Button>
      <Tree<AffiliationNode>
        blockNode
        treeData={treeData}
        {...expansion}
        selectedKeys={selected === undefined ? [] : [selected]}
        onSelect={(keys) => onSelect(keys.length ? Number(keys[0]) : undefined)}
        titleRender={(node) => <span data-testid={`affiliation-node-${node.affiliation.code}`}>{node.title}</span>}
      />
    </div>
  );
}
