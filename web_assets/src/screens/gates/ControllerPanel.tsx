import { useEffect, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Descriptions, Divider, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { SyncOutlined } from '@ant-design/icons';
import { getGateController, pollControllers } from '../../api/controllers';
import type { ControllerState, ControllerTable, DoorState, Gate } from '../../api/types';
import { formatTime } from '../../common/format';
import { useLoad } from '../../common/useLoad';
import { useNotify } from '../../common/useNotify';
import { useT, type Translate } from '../../i18n/I18nContext';
import { useLiveEvent } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { CommandBar } from './CommandBar';
import { ControllerParameters } from './ControllerParameters';
import { tableLabel, tableSlug, tableStatus, unlockModeLabel, verificationLabel } from './controllerLabels';

// No event says when a controller acknowledges a table: look again while one is pending.
const PENDING_REFRESH_MS = 2000;

const DOOR_COLOURS: Record<DoorState, string> = {
  closed: 'default',
  open: 'gold',
  held_open: 'orange',
  forced_open: 'red',
};

interface Props {
  gate: Gate;
  /** The edit right on gates: the commands show only with it. */
  canEdit: boolean;
  /** After the controller's settings were adopted: these fields of the gate's record changed. */
  onGateChanged?: (fields: string[]) => void;
}

/**
 * A gate's controller: online state, lock / guard / door, the tables it applied, the parameters it
 * holds against the server's, and commands.
 */
export function ControllerPanel({ gate, canEdit, onGateChanged }: Props) {
  const t = useT();
  const me = useMe();
  const notify = useNotify();
  const state = useLoad(() => getGateController(gate.id), [gate.id]);
  const [reading, setReading] = useState(false);
  const reload = state.reload;

  // The gate plugin reports lock, guard and online changes as `gate_state` live events.
  useLiveEvent((event) => {
    if (event.name === 'gate_state' && event.state.gate_id === gate.id) reload();
  });

  const pending = state.data?.tables.some((table) => tableStatus(table) === 'pending') ?? false;
  useEffect(() => {
    if (!pending || state.loading) return;
    const timer = window.setTimeout(reload, PENDING_REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [pending, state.loading, state.data, reload]);

  const readNow = async () => {
    setReading(true);
    try {
      const answer = await pollControllers([gate.id]);
      const mine = answer.items.find((o) => o.gate_id === gate.id);
      if (mine && !mine.ok) notify.error(new Error(mine.message));
      else notify.success(t('controller.readDone'));
    } catch (error) {
      notify.error(error);
    } finally {
      setReading(false);
      reload();
    }
  };

  const c = state.data;
  return (
    <div data-testid="controller-panel">
      <div className="controller-panel__head">
        {c ? (
          <Tag color={c.online ? 'green' : 'red'} data-testid="controller-online" data-online={String(c.online)}>
            {t(c.online ? 'controller.online' : 'controller.offline')}
          </Tag>
        ) : (
          <span />
        )}
        <Button icon={<SyncOutlined />} loading={reading} onClick={() => void readNow()} data-testid="controller-read">
          {t('controller.readNow')}
        </Button>
      </div>
      {state.error && !c && (
        <Alert
          type={state.error.status === 404 ? 'info' : 'error'}
          showIcon
          message={state.error.status === 404 ? t('controller.noController') : state.error.message}
          description={state.error.status === 404 ? state.error.message : undefined}
          action={<Button onClick={reload}>{t('action.retry')}</Button>}
          data-testid="controller-error"
        />
      )}
      {c && <ControllerFacts state={c} />}
      {c && <ControllerTables tables={c.tables} loading={state.loading} />}
      {c && (can(me, 'gate_parameters', 'view') || can(me, 'ic_card_parameters', 'view')) && (
        <>
          <Divider orientation="left">{t('parameters.title')}</Divider>
          <ControllerParameters
            gate={gate}
            onAdopted={(fields) => {
              reload();
              onGateChanged?.(fields);
            }}
          />
        </>
      )}
      {canEdit && (
        <>
          <Divider orientation="left">{t('controller.commands')}</Divider>
          {c && !c.online && (
            <Alert type="warning" showIcon message={t('controller.offlineHint')} className="controller-hint" />
          )}
          <CommandBar gate={gate} state={c} onDone={reload} />
        </>
      )}
    </div>
  );
}

function ControllerFacts({ state: c }: { state: ControllerState }) {
  const t = useT();
  const hasStatus = c.lock_state !== undefined;
  const items: { key: string; label: string; children: ReactNode }[] = [
    {
      key: 'communication',
      label: t('controller.communication'),
      children: (
        <>
          {t(c.online ? 'controller.online' : 'controller.offline')}
          {!c.reached_since_start && (
            <Typography.Text type="secondary"> ({t('controller.notReached')})</Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'seen',
      label: t('controller.lastSeen'),
      children: c.last_seen_ms ? formatTime(c.last_seen_ms) : t('controller.never'),
    },
    { key: 'address', label: t('gates.controllerAddress'), children: c.address },
  ];
  if (hasStatus) {
    items.push(
      {
        key: 'lock',
        label: t('gates.lockState'),
        children: (
          <Tag color={c.lock_state === 'unlocked' ? 'orange' : 'blue'} data-testid="controller-lock">
            {t(c.lock_state === 'unlocked' ? 'gates.unlocked' : 'gates.locked')}
          </Tag>
        ),
      },
      {
        key: 'guard',
        label: t('gates.guardState'),
        children: (
          <Tag color={c.guard_state === 'armed' ? 'red' : 'default'}>
            {t(c.guard_state === 'armed' ? 'gates.armed' : 'gates.disarmed')}
          </Tag>
        ),
      },
    );
    if (c.door) {
      items.push({
        key: 'door',
        label: t('controller.door'),
        children: <Tag color={DOOR_COLOURS[c.door]}>{t(`controller.door.${c.door}`)}</Tag>,
      });
    }
    for (const [key, reader] of [
      ['entry_reader', c.entry_reader],
      ['exit_reader', c.exit_reader],
    ] as const) {
      if (!reader) continue;
      items.push({
        key,
        label: t(key === 'entry_reader' ? 'gates.entryReader' : 'gates.exitReader'),
        children: <Tag color={reader === 'ok' ? 'green' : 'red'}>{t(`controller.reader.${reader}`) || reader}</Tag>,
      });
    }
    items.push(
      {
        key: 'alarms',
        label: t('controller.alarms'),
        children: c.alarms?.length ? (
          <>
            {c.alarms.map((alarm) => (
              <Tag key={alarm} color="red">
                {alarmLabel(t, alarm)}
              </Tag>
            ))}
          </>
        ) : (
          t('controller.noAlarms')
        ),
      },
      {
        key: 'verification',
        label: t('gates.verificationMode'),
        children: verificationLabel(t, c.verification_mode),
      },
      { key: 'unlock', label: t('gates.unlockMode'), children: unlockModeLabel(t, c.unlock_mode) },
      {
        key: 'clock',
        label: t('controller.clockOffset'),
        children: t('controller.ms', { ms: c.clock_offset_ms ?? 0 }),
      },
      { key: 'buffered', label: t('controller.bufferedEvents'), children: c.buffered_events ?? 0 },
      { key: 'boots', label: t('controller.bootCount'), children: c.boot_count ?? 0 },
    );
  } else {
    items.push({
      key: 'status',
      label: t('controller.status'),
      children: <Typography.Text type="secondary">{t('controller.noStatus')}</Typography.Text>,
    });
  }
  return <Descriptions size="small" bordered column={2} items={items} data-testid="controller-facts" />;
}

const ALARMS = ['tamper', 'lock_fault', 'event_buffer_overflow', 'door_forced'] as const;
type Alarm = (typeof ALARMS)[number];

function alarmLabel(t: Translate, alarm: string): string {
  return (ALARMS as readonly string[]).includes(alarm) ? t(`controller.alarm.${alarm as Alarm}`) : alarm;
}

function ControllerTables({ tables, loading }: { tables: ControllerTable[]; loading: boolean }) {
  const t = useT();
  const columns: ColumnsType<ControllerTable> = [
    { title: t('controller.table'), key: 'table', render: (_, x) => tableLabel(t, x.table) },
    {
      title: t('controller.applied'),
      key: 'applied',
      render: (_, x) =>
        x.applied_version ?? <Typography.Text type="secondary">{t('controller.notHeld')}</Typography.Text>,
    },
    {
      title: t('controller.tableState'),
      key: 'state',
      render: (_, x) => {
        const status = tableStatus(x);
        if (status === 'pending') {
          return (
            <Tooltip title={t('controller.pendingHint')}>
              <Tag color="orange" icon={<SyncOutlined spin />}>
                {t('controller.pending', { version: x.pending_version ?? '' })}
              </Tag>
            </Tooltip>
          );
        }
        return status === 'applied' ? (
          <Tag color="green">{t('controller.appliedTag')}</Tag>
        ) : (
          <Tag>{t('controller.notHeld')}</Tag>
        );
      },
    },
    { title: t('controller.entries'), key: 'entries', align: 'right', render: (_, x) => x.entries ?? '' },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary" className="controller-hint">
        {t('controller.appliedHint')}
      </Typography.Paragraph>
      <Table<ControllerTable>
        rowKey="table"
        size="small"
        columns={columns}
        dataSource={tables}
        loading={loading && !tables.length}
        pagination={false}
        onRow={(x) =>
          ({
            'data-testid': `controller-table-${tableSlug(x.table)}`,
            'data-state': tableStatus(x),
          }) as HTMLAttributes<HTMLElement>
        }
        data-testid="controller-tables"
      />
    </>
  );
}
