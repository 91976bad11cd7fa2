import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { GateGroup } from '../../api/types';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useSelection } from '../../common/useSelection';
import { useAllGates, useGateGroups } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { GateGroupDetail } from './GateGroupDetail';

export function GateGroupsScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'gates', 'edit');
  const groups = useGateGroups();
  const gates = useAllGates();
  const selection = useSelection(groups.items);
  const selected = selection.selected;

  const columns: ColumnsType<GateGroup> = [
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: t('gateGroups.gateCount'), key: 'count', render: (_, g) => g.gate_ids.length },
    { title: t('updatedAt'), key: 'updated', render: (_, g) => formatTime(g.updated_at_ms) },
  ];

  const actions = canEdit && (
    <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="gate-group-new">
      {t('gateGroups.new')}
    </Button>
  );

  return (
    <ScreenFrame testId="gate-groups" title={t('nav.gateGroups')} actions={actions}>
      {groups.error ? (
        <LoadError error={groups.error} onRetry={groups.reload} />
      ) : (
        <Table<GateGroup>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={groups.items}
          loading={groups.loading}
          pagination={false}
          onRow={(g) => rowProps(`gate-group-row-${g.code}`, () => selection.select(g), selected?.id === g.id)}
        />
      )}
      {selection.open && (
        <GateGroupDetail
          key={selected?.id ?? 'new'}
          group={selected}
          gates={gates.items}
          canEdit={canEdit}
          onClose={selection.clear}
          onSaved={(g) => {
            selection.select(g);
            groups.reload();
          }}
          onDeleted={() => {
            selection.clear();
            groups.reload();
          }}
        />
      )}
    </ScreenFrame>
  );
}
