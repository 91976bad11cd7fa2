import { useMemo, useState } from 'react';
import { Button, Dropdown, Empty, Space, Spin, Tree } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { affiliationsExportUrl } from '../../api/affiliations';
import { buildAffiliationTree, type AffiliationNode } from '../../data/affiliationTree';
import { useAffiliations } from '../../data/catalogues';
import { useTreeExpansion } from '../../data/useTreeExpansion';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { AffiliationDetail, type AffiliationTarget } from './AffiliationDetail';

/** The affiliation tree in the centre; the selected unit in the detail pane. */
export function AffiliationsScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'affiliations', 'edit');
  const affiliations = useAffiliations();
  const treeData = useMemo(() => buildAffiliationTree(affiliations.items), [affiliations.items]);
  const expansion = useTreeExpansion(affiliations.items);
  const [detail, setDetail] = useState<AffiliationTarget | null>(null);

  const actions = (
    <Space>
      <Dropdown
        menu={{
          items: [
            {
              key: 'utf-8',
              label: (
                <a href={affiliationsExportUrl('utf-8')} download>
                  UTF-8
                </a>
              ),
            },
            {
              key: 'sjis',
              label: (
                <a href={affiliationsExportUrl('shift_jis')} download>
                  Shift_JIS
                </a>
              ),
            },
          ],
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid="affiliation-export">
          {t('action.exportCsv')}
        </Button>
      </Dropdown>
      {canEdit && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDetail({ kind: 'create', parentId: null })}
          data-testid="affiliation-new"
        >
          {t('affiliations.new')}
        </Button>
      )}
    </Space>
  );

  let body;
  if (affiliations.error) body = <LoadError error={affiliations.error} onRetry={affiliations.reload} />;
  else if (affiliations.loading && !affiliations.items.length) body = <Spin />;
  else if (!affiliations.items.length) body = <Empty description={t('affiliations.none')} />;
  else
    body = (
      <Tree<AffiliationNode>
        blockNode
        showLine
        treeData={treeData}
        {...expansion}
        selectedKeys={detail?.kind === 'edit' ? [detail.id] : []}
        onSelect={(keys) => keys.length && setDetail({ kind: 'edit', id: Number(keys[0]) })}
        titleRender={(node) => <span data-testid={`affiliation-node-${node.affiliation.code}`}>{node.title}</span>}
      />
    );

  return (
    <ScreenFrame testId="affiliations" title={t('nav.affiliations')} actions={actions}>
      <div className="tree-panel" data-testid="affiliation-tree">
        {body}
      </div>
      {detail && (
        <AffiliationDetail
          key={detail.kind === 'edit' ? detail.id : `new-${detail.parentId ?? ''}`}
          target={detail}
          affiliations={affiliations.items}
          canEdit={canEdit}
          onClose={() => setDetail(null)}
          onSaved={(a) => {
            setDetail({ kind: 'edit', id: a.id });
            affiliations.reload();
          }}
          onDeleted={() => {
            setDetail(null);
            affiliations.reload();
          }}
          onAddChild={(parentId) => setDetail({ kind: 'create', parentId })}
        />
      )}
    </ScreenFrame>
  );
}
