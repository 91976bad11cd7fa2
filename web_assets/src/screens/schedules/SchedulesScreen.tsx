import { useMemo, useState } from 'react';
import { Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { FieldTimeOutlined, PlusOutlined } from '@ant-design/icons';
import { listCalendars } from '../../api/calendars';
import { listSchedules } from '../../api/schedules';
import type { Schedule } from '../../api/types';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useLoad } from '../../common/useLoad';
import { useSelection } from '../../common/useSelection';
import { useAllGates } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useChanged } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { useDateKinds } from '../calendars/dateKinds';
import { BandTimeline } from './BandTimeline';
import { DoorModeTool } from './DoorModeTool';
import { ScheduleDetail } from './ScheduleDetail';

/** Schedules (SPEC: unlock time bands, passable level and verification mode per date kind). */
export function SchedulesScreen() {
  const t = useT();
  const me = useMe();
  const canEdit = can(me, 'calendars_schedules', 'edit');
  const list = useLoad(() => listSchedules().then((r) => r.items), []);
  useChanged('schedules', list.reload);
  const gates = useAllGates();
  const kinds = useDateKinds();
  const [toolOpen, setToolOpen] = useState(false);
  const calendars = useLoad(() => (toolOpen ? listCalendars().then((r) => r.items) : Promise.resolve([])), [toolOpen]);
  const schedules = list.data ?? [];
  const selection = useSelection(schedules);
  const selected = selection.selected;

  const gateOwners = useMemo(() => {
    const owners = new Map<number, Schedule>();
    for (const s of schedules) for (const id of s.gate_ids) owners.set(id, s);
    return owners;
  }, [schedules]);

  const columns: ColumnsType<Schedule> = [
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: t('schedules.gateCount'), key: 'gates', render: (_, s) => s.gate_ids.length },
    {
      title: t('schedules.bands'),
      key: 'bands',
      width: 280,
      render: (_, s) => (
        <div className="band-timeline-stack">
          {kinds.items
            .filter((k) => s.bands.some((b) => b.date_kind_id === k.id))
            .map((k) => (
              <div key={k.id} className="band-timeline-row" title={k.name}>
                <span className="swatch" style={{ background: kinds.colour(k.id) }} />
                <BandTimeline bands={s.bands.filter((b) => b.date_kind_id === k.id)} />
              </div>
            ))}
        </div>
      ),
    },
    { title: t('updatedAt'), key: 'updated', render: (_, s) => formatTime(s.updated_at_ms) },
  ];

  const actions = (
    <Space>
      <Button icon={<FieldTimeOutlined />} onClick={() => setToolOpen(true)} data-testid="door-mode-tool">
        {t('doorModeTool.title')}
      </Button>
      {canEdit && (
        <Button type="primary" icon={<PlusOutlined />} onClick={selection.selectNew} data-testid="schedule-new">
          {t('schedules.new')}
        </Button>
      )}
    </Space>
  );

  const error = list.error ?? kinds.error;
  return (
    <ScreenFrame testId="schedules" title={t('nav.schedules')} actions={actions}>
      {error ? (
        <LoadError
          error={error}
          onRetry={() => {
            list.reload();
            kinds.reload();
          }}
        />
      ) : (
        <Table<Schedule>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={schedules}
          loading={list.loading || kinds.loading}
          pagination={false}
          onRow={(s) => rowProps(`schedule-row-${s.code}`, () => selection.select(s), selected?.id === s.id)}
        />
      )}
      {selection.open && (
        <ScheduleDetail
          key={selected?.id ?? 'new'}
          schedule={selected}
          gates={gates.items}
          gateOwners={gateOwners}
          kinds={kinds}
          canEdit={canEdit}
          onClose={selection.clear}
          onSaved={(s) => {
            selection.select(s);
            list.reload();
          }}
          onDeleted={() => {
            selection.clear();
            list.reload();
          }}
        />
      )}
      {toolOpen && (
        <DoorModeTool
          gates={gates.items}
          schedules={schedules}
          calendars={calendars.data ?? []}
          kinds={kinds}
          onClose={() => setToolOpen(false)}
        />
      )}
    </ScreenFrame>
  );
}
