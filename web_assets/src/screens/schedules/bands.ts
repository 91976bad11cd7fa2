import type { DoorMode, TimeBand } from '../../api/types';
import type { Translate } from '../../i18n/I18nContext';

/** A time band being edited: its fields as typed, and a key for React. */
export interface BandRow extends TimeBand {
  key: number;
}

let nextKey = 1;
export const rowOfBand = (band: TimeBand): BandRow => ({ key: nextKey++, ...band });
export const bandOfRow = ({ key: _key, ...band }: BandRow): TimeBand => band;
export const newKey = () => nextKey++;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM"; "24:00" is 1440 where `end` allows it; NaN when invalid. */
export function minutesOf(text: string, end = false): number {
  if (end && text === '24:00') return 24 * 60;
  const m = TIME.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

export const DOOR_MODE_COLOURS: Record<DoorMode, string> = {
  card: '#1677ff',
  unlocked: '#52c41a',
  no_entry: '#ff4d4f',
};

/** What is wrong with a band among those of its date kind, or '' when it can be saved. */
export function bandProblem(row: BandRow, rows: BandRow[], t: Translate): string {
  const start = minutesOf(row.start);
  const end = minutesOf(row.end, true);
  if (Number.isNaN(start)) return t('schedules.badStart');
  if (Number.isNaN(end)) return t('schedules.badEnd');
  if (end <= start) return t('schedules.endBeforeStart');
  const overlaps = rows.some((other) => {
    if (other.key === row.key || other.date_kind_id !== row.date_kind_id) return false;
    const s = minutesOf(other.start);
    const e = minutesOf(other.end, true);
    return !Number.isNaN(s) && !Number.isNaN(e) && s < end && start < e;
  });
  return overlaps ? t('schedules.overlap') : '';
}
