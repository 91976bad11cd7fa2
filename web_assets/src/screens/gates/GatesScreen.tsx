import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { listControllers } from '../../api/controllers';
import { gateParametersExportUrl, listGates } from '../../api/gates';
import type { ControllerState, Gate } from '../../api/types';
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
import { ControllerActions } from './ControllerActions';
import { tableStatus } from './controllerLabels';
import { GateDetail } from './GateDetail';
import { ManagementGroupPane } from './ManagementGroupPane';

/**
 * Gates with their live lock, guard and controller state, filtered by management group; with the
 * transfer right, "transfer" and "verify" for the checked gates (or all).
 */
export function GatesScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'gates', 'edit');
  const canTransfer = can(me, 'permission_transfer', 'edit');
  const canExportParameters = can(me, 'gate_parameters', 'view');
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
  // Every controller of the operator's gates; the gate plugin may be absent: then no state shows.
  const controllers = useLoad(() => listControllers().then((r) => r.items), []);
  const reloadControllers = controllers.reload;
  useChanged('gates', () => {
    list.reload();
    reloadControllers();
  });
  const [checked, setChecked] = useState<number[]>([]);

  // Rows and controllers follow `gate_state` events between reloads.
  const [rows, setRows] = useState<Gate[]>([]);
  useEffect(() => setRows(list.data?.items ?? []), [list.data]);
  const [controllerRows, setControllerRows] = useState(new Map<number, ControllerState>());
  useEffect(() => setControllerRows(new Map((controllers.data ?? []).map((c) => [c.gate_id, c]))), [controllers.data]);
  useLiveEvent((event) => {
    if (event.name !== 'gate_state') return;
    const { gate_id, lock_state, guard_state, online } = event.state;
    setRows((current) =>
      current.map((g) =>
        g.id === gate_id
          ? { ...g, lock_state: lock_state ?? g.lock_state, guard_state: guard_state ?? g.guard_state }
          : g,
      ),
    );
    if (typeof online !== 'boolean') return;
    setControllerRows((current) => {
      const c = current.get(gate_id);
      if (!c || c.online === online) return current;
      return new Map(current).set(gate_id, { ...c, online });
    });
  });

  const groupNames = useMemo(() => new Map(groups.items.map((g) => [g.id, g.name])), [groups.items]);
  const gateLabel = (id: number) => {
    const g = controllerRows.get(id) ?? rows.find((r) => r.id === id);
    return g ? `${g.code} ${g.name}` : `#${id}`;
  };
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
      title: t('controller.title'),
      key: 'controller',
      render: (_, g) => <ControllerTag state={controllerRows.get(g.id)} code={g.code} />,
    },
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

  const search = (
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
  const toolbar = canTransfer ? (
    <Space wrap>
      {search}
      <ControllerActions selectedIds={checked} gateLabel={gateLabel} onDone={reloadControllers} />
    </Space>
  ) : (
    search
  );

  const actions = (canEdit || canExportParameters) && (
    <Space>
      {canExportParameters && (
        <Button
          icon={<DownloadOutlined />}
          href={gateParametersExportUrl}
          download="gate-parameters.csv"
          data-testid="gate-parameters-export"
        >
          {t('gates.exportParameters')}
        </Button>
      )}
      {canEdit && (
        <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="gate-new">
          {t('gates.new')}
        </Button>
      )}
    </Space>
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
            rowSelection={
              canTransfer
                ? {
                    selectedRowKeys: checked,
                    onChange: (keys) => setChecked(keys.map(Number)),
                    preserveSelectedRowKeys: true,
                  }
                : undefined
            }
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

/** The controller's online state, and whether a table is still being sent to it. */
function ControllerTag({ state, code }: { state: ControllerState | undefined; code: string }) {
  const t = useT();
  if (!state) {
    return (
      <Tag data-testid={`gate-online-${code}`} data-online="unknown">
        {t('controller.unknown')}
      </Tag>
    );
  }
  const pending = state.tables.some((table) => tableStatus(table) === 'pending');
  return (
    <>
      <Tag
        color={state.online ? 'green' : 'red'}
        data-testid={`gate-online-${code}`}
        data-online={String(state.online)}
      >
        {t(state.online ? 'controller.online' : 'controller.offline')}
      </Tag>
      {pending && <Tag color="orange">{t('controller.pendingShort')}</Tag>}
    </>
  );
}
