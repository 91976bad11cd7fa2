import { useMemo } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import type { CalendarDay, DaySource } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import type { DateKindCatalogue } from './dateKinds';

const DATE = 'YYYY-MM-DD';

/** A pending change of one date: a date kind, or null to remove the explicit day. */
export type PendingChanges = Map<string, number | null>;

interface Props {
  /** The first of the twelve months shown. */
  start: Dayjs;
  days: Map<string, CalendarDay>;
  kinds: DateKindCatalogue;
  viewableFrom: string;
  viewableTo: string;
  editableFrom: string;
  editableTo: string;
  editing: boolean;
  pending: PendingChanges;
  onPick: (date: string) => void;
}

const SOURCE_MARKS: Record<DaySource, string> = { day: '●', annual: '◆', weekly: '' };

/** Twelve month panels, Monday first; each date in the colour of its date kind. */
export function YearView(props: Props) {
  const months = useMemo(() => Array.from({ length: 12 }, (_, i) => props.start.add(i, 'month')), [props.start]);
  return (
    <div className="year-view" data-testid="year-view">
      {months.map((month) => (
        <MonthPanel key={month.format('YYYY-MM')} month={month} {...props} />
      ))}
    </div>
  );
}

function MonthPanel({ month, ...props }: Props & { month: Dayjs }) {
  const t = useT();
  // 2024-01-01 is a Monday; the names follow the language (dayjs.locale).
  const weekdays = Array.from({ length: 7 }, (_, i) => dayjs('2024-01-01').add(i, 'day').format('dd'));
  const first = month.startOf('month');
  // Monday is column 0.
  const lead = (first.day() + 6) % 7;
  const cells = Array.from({ length: month.daysInMonth() }, (_, i) => first.add(i, 'day'));

  return (
    <div className="month-panel" data-testid={`month-${month.format('YYYY-MM')}`}>
      <div className="month-panel__title">{month.format(t('calendars.monthFormat'))}</div>
      <div className="month-panel__grid">
        {weekdays.map((w, i) => (
          <div key={`w${i}`} className="month-panel__weekday">
            {w}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`l${i}`} />
        ))}
        {cells.map((date) => (
          <DayCell key={date.date()} date={date.format(DATE)} {...props} />
        ))}
      </div>
    </div>
  );
}

function DayCell({ date, ...props }: Omit<Props, 'start'> & { date: string }) {
  const t = useT();
  const { kinds, pending, editing } = props;
  const day = props.days.get(date);
  const viewable = date >= props.viewableFrom && date <= props.viewableTo && day !== undefined;
  const editable = date >= props.editableFrom && date <= props.editableTo;
  const changed = pending.has(date);
  const change = pending.get(date);
  const kindId = changed ? change : day?.date_kind_id;

  const lines: string[] = [date];
  if (viewable && day) {
    lines.push(`${kinds.name(day.date_kind_id)} (${t(`calendars.source.${day.source}`)})`);
  } else {
    lines.push(t('calendars.outOfView'));
  }
  if (changed) {
    lines.push(
      change === null ? t('calendars.pendingClear') : t('calendars.pendingKind', { name: kinds.name(change) }),
    );
  }
  if (editing && !editable) {
    lines.push(t('calendars.notEditable', { from: props.editableFrom, to: props.editableTo }));
  }

  const clickable = editing && editable && viewable;
  const classes = ['day-cell'];
  if (date === dayjs().format(DATE)) classes.push('day-cell--today');
  if (!viewable) classes.push('day-cell--outside');
  if (changed) classes.push(change === null ? 'day-cell--pending-clear' : 'day-cell--pending');
  if (editing && !clickable) classes.push('day-cell--locked');
  if (clickable) classes.push('day-cell--clickable');

  return (
    <div
      className={classes.join(' ')}
      style={{ background: viewable && !(changed && change === null) ? kinds.colour(kindId) : undefined }}
      title={lines.join('\n')}
      role={clickable ? 'button' : undefined}
      aria-disabled={editing && !clickable ? true : undefined}
      onClick={clickable ? () => props.onPick(date) : undefined}
      data-testid={`day-${date}`}
      data-kind={kindId ?? ''}
      data-source={day?.source ?? ''}
      data-pending={changed ? 'true' : undefined}
    >
      {Number(date.slice(8))}
      {viewable && day && !changed && SOURCE_MARKS[day.source] && (
        <span className={`day-cell__mark day-cell__mark--${day.source}`}>{SOURCE_MARKS[day.source]}</span>
      )}
    </div>
  );
}
