import { Button, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import type { DateKind } from '../../api/types';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useSelection } from '../../common/useSelection';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { AnnualDaysEditor } from './AnnualDaysEditor';
import { DateKindDetail } from './DateKindDetail';
import { CLASS_TAG_COLOURS, useDateKinds } from './dateKinds';

type Tab = 'kinds' | 'annual';

/** Date kinds (weekday, holiday, special…) and the annual fixed days that calendars share. */
export function DateKindsScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'calendars_schedules', 'edit');
  const kinds = useDateKinds();
  const selection = useSelection(kinds.items);
  const selected = selection.selected;
  const [tab, setTab] = useState<Tab>('kinds');

  const columns: ColumnsType<DateKind> = [
    {
      title: '',
      key: 'colour',
      width: 40,
      render: (_, k) => <span className="swatch" style={{ background: kinds.colour(k.id) }} />,
    },
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('dateKinds.class'),
      key: 'class',
      render: (_, k) => <Tag color={CLASS_TAG_COLOURS[k.class]}>{t(`dateKindClass.${k.class}`)}</Tag>,
    },
    { title: t('updatedAt'), key: 'updated', render: (_, k) => formatTime(k.updated_at_ms) },
  ];

  const actions = canEdit && tab === 'kinds' && (
    <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="date-kind-new">
      {t('dateKinds.new')}
    </Button>
  );

  const kindsTable = kinds.error ? (
    <LoadError error={kinds.error} onRetry={kinds.reload} />
  ) : (
    <Table<DateKind>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={kinds.items}
      loading={kinds.loading}
      pagination={false}
      onRow={(k) => rowProps(`date-kind-row-${k.code}`, () => selection.select(k), selected?.id === k.id)}
    />
  );

  return (
    <ScreenFrame testId="date-kinds" title={t('nav.dateKinds')} actions={actions}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as Tab)}
        items={[
          {
            key: 'kinds',
            label: <span data-testid="tab-date-kinds">{t('dateKinds.title')}</span>,
            children: kindsTable,
          },
          {
            key: 'annual',
            label: <span data-testid="tab-annual-days">{t('annualDays.title')}</span>,
            children: <AnnualDaysEditor kinds={kinds} canEdit={canEdit} />,
          },
        ]}
      />
      {selection.open && (
        <DateKindDetail
          key={selected?.id ?? 'new'}
          kind={selected}
          canEdit={canEdit}
          onClose={selection.clear}
          onSaved={(k) => {
            selection.select(k);
            kinds.reload();
          }}
          onDeleted={() => {
            selection.clear();
            kinds.reload();
          }}
        />
      )}
    </ScreenFrame>
  );
}
