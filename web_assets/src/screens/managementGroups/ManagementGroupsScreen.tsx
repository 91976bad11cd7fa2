import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { ManagementGroup } from '../../api/types';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useSelection } from '../../common/useSelection';
import { useManagementGroups } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { ManagementGroupDetail } from './ManagementGroupDetail';

export function ManagementGroupsScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'management_groups', 'edit');
  const groups = useManagementGroups();
  const selection = useSelection(groups.items);
  const selected = selection.selected;

  const columns: ColumnsType<ManagementGroup> = [
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: t('managementGroups.calendarId'), dataIndex: 'calendar_id', key: 'calendar_id' },
    { title: t('updatedAt'), key: 'updated', render: (_, g) => formatTime(g.updated_at_ms) },
  ];

  const actions = canEdit && (
    <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="management-group-new">
      {t('managementGroups.new')}
    </Button>
  );

  return (
    <ScreenFrame testId="management-groups" title={t('nav.managementGroups')} actions={actions}>
      {groups.error ? (
        <LoadError error={groups.error} onRetry={groups.reload} />
      ) : (
        <Table<ManagementGroup>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={groups.items}
          loading={groups.loading}
          pagination={false}
          onRow={(g) => rowProps(`management-group-row-${g.code}`, () => selection.select(g), selected?.id === g.id)}
        />
      )}
      {selection.open && (
        <ManagementGroupDetail
          key={selected?.id ?? 'new'}
          group={selected}
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
