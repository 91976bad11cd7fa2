import { Button, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { listOperators } from '../../api/operators';
import type { Operator } from '../../api/types';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useLoad } from '../../common/useLoad';
import { useSelection } from '../../common/useSelection';
import { useAffiliations, useManagementGroups } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useChanged } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { OperatorDetail } from './OperatorDetail';

export function OperatorsScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'operators', 'edit');
  const list = useLoad(() => listOperators().then((r) => r.items), []);
  useChanged('operators', list.reload);
  const groups = useManagementGroups();
  const affiliations = useAffiliations();
  const operators = list.data ?? [];
  const selection = useSelection(operators);
  const selected = selection.selected;

  const columns: ColumnsType<Operator> = [
    { title: t('operators.loginId'), dataIndex: 'login_id', key: 'login_id' },
    { title: t('operators.displayName'), dataIndex: 'display_name', key: 'display_name' },
    { title: t('operators.type'), key: 'type', render: (_, o) => t(`operatorType.${o.type}`) },
    {
      title: t('operators.scope'),
      key: 'scope',
      render: (_, o) =>
        [
          o.all_management_groups
            ? t('operators.allManagementGroups')
            : t('operators.groupCount', { n: o.management_groups.length }),
          o.all_affiliations
            ? t('operators.allAffiliations')
            : t('operators.affiliationCount', { n: o.affiliations.length }),
        ].join(' / '),
    },
    {
      title: t('operators.state'),
      key: 'disabled',
      render: (_, o) =>
        o.disabled ? (
          <Tag color="red">{t('operators.disabled')}</Tag>
        ) : (
          <Tag color="green">{t('operators.enabled')}</Tag>
        ),
    },
    { title: t('updatedAt'), key: 'updated', render: (_, o) => formatTime(o.updated_at_ms) },
  ];

  const actions = canEdit && (
    <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="operator-new">
      {t('operators.new')}
    </Button>
  );

  return (
    <ScreenFrame testId="operators" title={t('nav.operators')} actions={actions}>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Operator>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={operators}
          loading={list.loading}
          pagination={false}
          onRow={(o) => rowProps(`operator-row-${o.login_id}`, () => selection.select(o), selected?.id === o.id)}
        />
      )}
      {selection.open && (
        <OperatorDetail
          key={selected?.id ?? 'new'}
          operator={selected}
          managementGroups={groups.items}
          affiliations={affiliations.items}
          canEdit={canEdit}
          onClose={selection.clear}
          onSaved={(o) => {
            selection.select(o);
            list.reload();
          }}
          onDeleted={() => {
            selection.clear();
            list.reload();
          }}
        />
      )}
    </ScreenFrame>
  );
}
