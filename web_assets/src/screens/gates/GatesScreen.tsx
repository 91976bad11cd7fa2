import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { listGates } from '../../api/gates';
import type { Gate } from '../../api/types';
import { CursorPager } from '../../common/CursorPager';
import { rowProps } from '../../common/rowProps';
import { useCursorPages } from '../../common/useCursorPages';
import { useSelection } from '../../common/useSelection';
import { useLoad } from '../../common/useLoad';
import { useManagementGroups } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useChanged, useLiveEvent } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { GateDetail } from './GateDetail';
import { ManagementGroupPane } from './ManagementGroupPane';

/** Gates with their live lock and guard state, filtered by management group. */
export function GatesScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'gates', 'edit');
  const groups = useManagementGroups();
  const [groupId, setGroupId] = useState<number>();
  const [text, setText] = useState('');
  const [textInput, setTextInput] = useState('');
  const [pageSize, setPageSize] = useState(100);
  const pages = useCursorPages();

  const list = useLoad(
    () => listGates({ management_group_id: groupId, text: text || undefined, limit: pageSize, cursor: pages.cursor }),
    [groupId, text, pageSize, pages.cursor],
  );
  useChanged('gates', list.reload);

  // Rows follow `gate_state` events between reloads.
  const [rows, setRows] = useState<Gate[]>([]);
  useEffect(() => setRows(list.data?.items ?? []), [list.data]);
  useLiveEvent((event) => {
    if (event.name !== 'gate_state') return;
    const { gate_id, lock_state, guard_state } = event.state;
    setRows((current) =>
      current.map((g) =>
        g.id === gate_id
          ? { ...g, lock_state: lock_state ?? g.lock_state, guard_state: guard_state ?? g.guard_state }
          : g,
      ),
    );
  });

  const groupNames = useMemo(() => new Map(groups.items.map((g) => [g.id, g.name])), [groups.items]);
  const selection = useSelection(rows);
  const selected = selection.selected;

  const columns: ColumnsType<Gate> = [
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('gates.managementGroup'),
      key: 'group',
      render: (_, g) => groupNames.get(g.management_group_id) ?? g.management_group_id,
    },
    { title: t('gates.controllerAddress'), dataIndex: 'controller_address', key: 'address' },
    {
      title: t('gates.lockState'),
      key: 'lock',
      render: (_, g) => (
        <Tag color={g.lock_state === 'unlocked' ? 'orange' : 'blue'} data-testid={`gate-lock-${g.code}`}>
          {t(g.lock_state === 'unlocked' ? 'gates.unlocked' : 'gates.locked')}
        </Tag>
      ),
    },
    {
      title: t('gates.guardState'),
      key: 'guard',
      render: (_, g) => (
        <Tag color={g.guard_state === 'armed' ? 'red' : 'default'}>
          {t(g.guard_state === 'armed' ? 'gates.armed' : 'gates.disarmed')}
        </Tag>
      ),
    },
    {
      title: t('gates.verificationMode'),
      key: 'verification',
      render: (_, g) => t(`gates.verification.${g.verification_mode}`),
    },
    { title: t('gates.unlockMode'), key: 'unlock', render: (_, g) => t(`gates.unlock.${g.unlock_mode}`) },
  ];

  const toolbar = (
    <Input.Search
      allowClear
      value={textInput}
      onChange={(e) => setTextInput(e.target.value)}
      onSearch={(value) => {
        setText(value.trim());
        pages.reset();
      }}
      placeholder={t('gates.searchText')}
      style={{ width: 280 }}
      data-testid="gate-search"
    />
  );

  const actions = canEdit && (
    <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="gate-new">
      {t('gates.new')}
    </Button>
  );

  const groupPane = (
    <ManagementGroupPane
      groups={groups.items}
      selected={groupId}
      onSelect={(id) => {
        setGroupId(id);
        pages.reset();
      }}
    />
  );

  return (
    <ScreenFrame testId="gates" title={t('nav.gates')} groupPane={groupPane} actions={actions} toolbar={toolbar}>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<Gate>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={list.loading}
            pagination={false}
            onRow={(g) => rowProps(`gate-row-${g.code}`, () => selection.select(g), selected?.id === g.id)}
          />
          <CursorPager
            pageIndex={pages.pageIndex}
            pageSize={pageSize}
            count={rows.length}
            total={list.data?.total}
            hasNext={Boolean(list.data?.next_cursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(list.data?.next_cursor ?? '')}
            onPageSize={(size) => {
              setPageSize(size);
              pages.reset();
            }}
          />
        </>
      )}
      {selection.open && (
        <GateDetail
          key={selected?.id ?? 'new'}
          gate={selected}
          managementGroups={groups.items}
          defaultGroupId={groupId}
          canEdit={canEdit}
          onClose={selection.clear}
          onSaved={(g) => {
            selection.select(g);
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
