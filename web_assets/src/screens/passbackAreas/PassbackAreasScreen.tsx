import { useMemo, useState } from 'react';
import { Button, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { listPassbackAreas } from '../../api/passbackAreas';
import type { PassbackArea } from '../../api/types';
import { rowProps } from '../../common/rowProps';
import { useLoad } from '../../common/useLoad';
import { useAllGates } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { PassbackAreaDetail } from './PassbackAreaDetail';

/** The pane's object: an area (kept whole, so the pane stays open while the list reloads) or a new one. */
type Selection = { area: PassbackArea } | 'new' | null;

/** Global anti-passback areas (gate plugin): their gates, created, changed and deleted here. */
export function PassbackAreasScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'global_anti_passback', 'edit');
  // No live event tells of a changed area: the list reloads after each change made here.
  const areas = useLoad(() => listPassbackAreas().then((r) => r.items), []);
  const items = areas.data ?? [];
  const gates = useAllGates();
  const [selection, setSelection] = useState<Selection>(null);
  const selected =
    selection && selection !== 'new'
      ? (items.find((a) => a.code === selection.area.code) ?? selection.area)
      : undefined;

  const gateNames = useMemo(() => new Map(gates.items.map((g) => [g.id, g.name])), [gates.items]);

  const columns: ColumnsType<PassbackArea> = [
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('passback.gates'),
      key: 'gates',
      render: (_, a) =>
        a.gates.length ? (
          a.gates.map((g) => (
            <Tag key={g.id} data-testid={`passback-area-gate-${g.code || g.id}`}>
              {[g.code || t('passback.unknownGate', { id: g.id }), gateNames.get(g.id)].filter(Boolean).join(' ')}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">{t('passback.noGates')}</Typography.Text>
        ),
    },
  ];

  const actions = canEdit && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setSelection('new')} data-testid="passback-area-new">
      {t('passback.new')}
    </Button>
  );

  return (
    <ScreenFrame testId="passback-areas" title={t('passback.title')} actions={actions}>
      <Typography.Paragraph type="secondary">{t('passback.intro')}</Typography.Paragraph>
      {areas.error ? (
        <LoadError error={areas.error} onRetry={areas.reload} />
      ) : (
        <Table<PassbackArea>
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={items}
          loading={areas.loading}
          pagination={false}
          locale={{ emptyText: t('passback.none') }}
          onRow={(a) =>
            rowProps(`passback-area-row-${a.code}`, () => setSelection({ area: a }), selected?.code === a.code)
          }
        />
      )}
      {selection && (
        <PassbackAreaDetail
          key={selected?.code ?? 'new'}
          area={selected}
          areas={items}
          gates={gates.items}
          canEdit={canEdit}
          onClose={() => setSelection(null)}
          onSaved={(area) => {
            setSelection({ area });
            areas.reload();
          }}
          onDeleted={() => {
            setSelection(null);
            areas.reload();
          }}
        />
      )}
    </ScreenFrame>
  );
}
