import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Select, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import {
  DoubleLeftOutlined,
  DoubleRightOutlined,
  LeftOutlined,
  PlusOutlined,
  RightOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { getCalendar, listCalendars, updateCalendar } from '../../api/calendars';
import type { CalendarDay, CalendarDetail } from '../../api/types';
import { useLoad } from '../../common/useLoad';
import { useNotify } from '../../common/useNotify';
import { useManagementGroups } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useChanged } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { CalendarDetailPane } from './CalendarDetailPane';
import { CalendarListPane } from './CalendarListPane';
import { useDateKinds } from './dateKinds';
import { NewCalendarPane } from './NewCalendarPane';
import { YearView, type PendingChanges } from './YearView';

/** The choice of the date-kind picker that removes explicit days. */
const CLEAR = 'clear';
type Brush = number | typeof CLEAR;

const monthOf = (date: string): Dayjs => dayjs(date).startOf('month');

/**
 * Calendars (SPEC: date kinds per date): the list of calendars, a year view of the chosen one
 * coloured by date kind, and in edit mode the dates the operator clicks get the picked kind,
 * saved together in one request.
 */
export function CalendarsScreen() {
  const t = useT();
  const me = useMe();
  const notify = useNotify();
  const { modal } = App.useApp();
  const canEdit = can(me, 'calendars_schedules', 'edit');
  const calendars = useLoad(() => listCalendars().then((r) => r.items), []);
  useChanged('calendars', calendars.reload);
  const groups = useManagementGroups();
  const kinds = useDateKinds();
  const items = calendars.data ?? [];

  const [chosenId, setChosenId] = useState<number>();
  const currentId = chosenId ?? items.find((c) => c.template)?.id ?? items[0]?.id;
  const detail = useLoad<CalendarDetail | undefined>(
    () => (currentId === undefined ? Promise.resolve(undefined) : getCalendar(currentId)),
    [currentId],
  );
  useChanged('calendars', detail.reload);
  // The previous calendar stays in `data` while the next one loads: never show it as this one.
  const calendar = detail.data && detail.data.id === currentId ? detail.data : undefined;
  const days = useMemo(() => new Map<string, CalendarDay>((calendar?.days ?? []).map((d) => [d.date, d])), [calendar]);

  const [pane, setPane] = useState<'settings' | 'new' | null>(null);
  const [editing, setEditing] = useState(false);
  const [brush, setBrush] = useState<Brush>();
  const [pending, setPending] = useState<PendingChanges>(new Map());
  const [saving, setSaving] = useState(false);
  const [start, setStart] = useState(() => dayjs().startOf('month'));

  useEffect(() => {
    if (brush === undefined && kinds.items.length) setBrush(kinds.items[0].id);
  }, [brush, kinds.items]);

  const groupNames = useMemo(() => new Map(groups.items.map((g) => [g.id, g.name])), [groups.items]);
  const groupsWithout = groups.items.filter((g) => g.calendar_id === null);

  // The twelve months shown stay inside the viewable range.
  const firstStart = calendar ? monthOf(calendar.viewable_from) : start;
  const lastStart = calendar ? monthOf(calendar.viewable_to).subtract(11, 'month') : start;
  const shown = start.isAfter(lastStart) ? lastStart : start;
  const shownStart = shown.isBefore(firstStart) ? firstStart : shown;
  const move = (months: number) => setStart(shownStart.add(months, 'month'));

  const afterDiscard = (action: () => void) => {
    if (!pending.size) {
      action();
      return;
    }
    modal.confirm({
      title: t('calendars.discardTitle', { n: pending.size }),
      okText: t('calendars.discard'),
      onOk: () => {
        setPending(new Map());
        action();
      },
    });
  };

  const choose = (id: number) =>
    afterDiscard(() => {
      setChosenId(id);
      setPane((p) => (p === 'settings' ? p : null));
    });

  const pick = (date: string) => {
    if (brush === undefined) return;
    const value = brush === CLEAR ? null : brush;
    const day = days.get(date);
    // Clearing a date that has no explicit day, or setting the kind it has explicitly already,
    // changes nothing; a second click with the same kind takes the change back.
    const noChange = value === null ? day?.source !== 'day' : day?.source === 'day' && day.date_kind_id === value;
    setPending((previous) => {
      const next = new Map(previous);
      if (noChange || (previous.has(date) && previous.get(date) === value)) next.delete(date);
      else next.set(date, value);
      return next;
    });
  };

  const save = async () => {
    if (!calendar || !pending.size) return;
    setSaving(true);
    try {
      await updateCalendar(calendar.id, {
        days: [...pending].map(([date, date_kind_id]) => ({ date, date_kind_id })),
      });
      setPending(new Map());
      notify.success(t('saved'));
      detail.reload();
    } catch (error) {
      notify.error(error);
    } finally {
      setSaving(false);
    }
  };

  const changed = () => {
    detail.reload();
    calendars.reload();
    groups.reload();
  };

  const actions = (
    <Space>
      <Button
        icon={<SettingOutlined />}
        disabled={!calendar}
        onClick={() => setPane('settings')}
        data-testid="calendar-settings"
      >
        {t('calendars.settings')}
      </Button>
      {canEdit && (
        <Tooltip title={groupsWithout.length ? undefined : t('calendars.noGroupWithout')}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!groupsWithout.length}
            onClick={() => afterDiscard(() => setPane('new'))}
            data-testid="calendar-new"
          >
            {t('calendars.new')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );

  const toolbar = calendar && (
    <Space direction="vertical" className="calendar-toolbar">
      <Space wrap>
        <Button icon={<DoubleLeftOutlined />} onClick={() => move(-12)} disabled={!shownStart.isAfter(firstStart)}>
          {t('calendars.previousYear')}
        </Button>
        <Button
          icon={<LeftOutlined />}
          onClick={() => move(-1)}
          disabled={!shownStart.isAfter(firstStart)}
          aria-label={t('calendars.previousMonth')}
          data-testid="calendar-previous-month"
        />
        <Typography.Text strong data-testid="calendar-range">
          {shownStart.format(t('calendars.monthFormat'))} –{' '}
          {shownStart.add(11, 'month').format(t('calendars.monthFormat'))}
        </Typography.Text>
        <Button
          icon={<RightOutlined />}
          onClick={() => move(1)}
          disabled={!shownStart.isBefore(lastStart)}
          aria-label={t('calendars.nextMonth')}
          data-testid="calendar-next-month"
        />
        <Button onClick={() => move(12)} disabled={!shownStart.isBefore(lastStart)}>
          {t('calendars.nextYear')} <DoubleRightOutlined />
        </Button>
        <Button onClick={() => setStart(dayjs().startOf('month'))}>{t('calendars.thisMonth')}</Button>
        {canEdit && (
          <Space>
            <Switch
              checked={editing}
              onChange={(on) => (on ? setEditing(true) : afterDiscard(() => setEditing(false)))}
              data-testid="calendar-edit-mode"
            />
            <Typography.Text>{t('calendars.editDays')}</Typography.Text>
          </Space>
        )}
      </Space>
      {editing && (
        <Space wrap>
          <Typography.Text>{t('calendars.brush')}</Typography.Text>
          <Select<Brush>
            value={brush}
            onChange={setBrush}
            style={{ width: 220 }}
            data-testid="calendar-brush"
            options={[
              ...kinds.items.map((k) => ({
                value: k.id,
                label: (
                  <span data-testid={`calendar-brush-${k.code}`}>
                    <span className="swatch" style={{ background: kinds.colour(k.id) }} /> {k.name}
                  </span>
                ),
              })),
              {
                value: CLEAR,
                label: <span data-testid="calendar-brush-clear">{t('calendars.clear')}</span>,
              },
            ]}
          />
          <Button
            type="primary"
            disabled={!pending.size}
            loading={saving}
            onClick={save}
            data-testid="calendar-save-days"
          >
            {t('calendars.saveDays', { n: pending.size })}
          </Button>
          <Button disabled={!pending.size} onClick={() => setPending(new Map())} data-testid="calendar-discard">
            {t('calendars.discard')}
          </Button>
          <Typography.Text type="secondary">
            {t('calendars.editableRange', { from: calendar.editable_from, to: calendar.editable_to })}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );

  const title = calendar ? (
    <>
      {calendar.name} {calendar.template && <Tag color="purple">{t('calendars.template')}</Tag>}
    </>
  ) : (
    t('nav.calendars')
  );

  const groupPane = (
    <CalendarListPane calendars={items} groupNames={groupNames} selected={currentId} onSelect={choose} />
  );

  const error = calendars.error ?? detail.error ?? kinds.error;
  const retry = () => {
    calendars.reload();
    detail.reload();
    kinds.reload();
  };

  return (
    <ScreenFrame testId="calendars" title={title} groupPane={groupPane} actions={actions} toolbar={toolbar}>
      {error ? (
        <LoadError error={error} onRetry={retry} />
      ) : (
        <Spin spinning={calendars.loading || detail.loading || kinds.loading}>
          {calendar ? (
            <>
              <Legend kinds={kinds} />
              <YearView
                start={shownStart}
                days={days}
                kinds={kinds}
                viewableFrom={calendar.viewable_from}
                viewableTo={calendar.viewable_to}
                editableFrom={calendar.editable_from}
                editableTo={calendar.editable_to}
                editing={editing}
                pending={pending}
                onPick={pick}
              />
            </>
          ) : (
            !calendars.loading && !items.length && <Alert type="info" showIcon message={t('calendars.none')} />
          )}
        </Spin>
      )}
      {pane === 'settings' && calendar && (
        <CalendarDetailPane
          key={calendar.id}
          calendar={calendar}
          kinds={kinds}
          groupNames={groupNames}
          canEdit={canEdit}
          onClose={() => setPane(null)}
          onChanged={changed}
          onDeleted={() => {
            setPane(null);
            setChosenId(undefined);
            setPending(new Map());
            changed();
          }}
        />
      )}
      {pane === 'new' && (
        <NewCalendarPane
          groups={groupsWithout}
          onClose={() => setPane(null)}
          onCreated={(created) => {
            setPane(null);
            setChosenId(created.id);
            changed();
          }}
        />
      )}
    </ScreenFrame>
  );
}

function Legend({ kinds }: { kinds: ReturnType<typeof useDateKinds> }) {
  const t = useT();
  return (
    <div className="calendar-legend" data-testid="calendar-legend">
      {kinds.items.map((k) => (
        <span key={k.id} className="calendar-legend__item" data-testid={`legend-${k.code}`} data-kind-id={k.id}>
          <span className="swatch" style={{ background: kinds.colour(k.id) }} />
          {k.name}
        </span>
      ))}
      <span className="calendar-legend__item">
        <span className="day-cell__mark--day">●</span> {t('calendars.source.day')}
      </span>
      <span className="calendar-legend__item">
        <span className="day-cell__mark--annual">◆</span> {t('calendars.source.annual')}
      </span>
      <span className="calendar-legend__item">{t('calendars.legendWeekly')}</span>
      <span className="calendar-legend__item">
        <span className="swatch swatch--pending" /> {t('calendars.legendPending')}
      </span>
    </div>
  );
}
