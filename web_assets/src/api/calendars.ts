import { del, get, post, put } from './client';
import type {
  AnnualDay,
  Calendar,
  CalendarDayChange,
  CalendarDetail,
  DateKind,
  ICalImportResult,
  Items,
} from './types';

export type DateKindInput = Omit<DateKind, 'id' | 'updated_at_ms'>;

export const listDateKinds = () => get<Items<DateKind>>('/api/v1/date-kinds');
export const createDateKind = (input: DateKindInput) => post<DateKind>('/api/v1/date-kinds', input);
export const updateDateKind = (id: number, input: DateKindInput) => put<DateKind>(`/api/v1/date-kinds/${id}`, input);
export const deleteDateKind = (id: number) => del(`/api/v1/date-kinds/${id}`);

export const listAnnualDays = () => get<Items<AnnualDay>>('/api/v1/annual-days');
/** Replaces the whole list. */
export const saveAnnualDays = (items: AnnualDay[]) => put<Items<AnnualDay>>('/api/v1/annual-days', { items });

export interface CalendarChanges {
  name?: string;
  weekly?: number[];
  days?: CalendarDayChange[];
}

export const listCalendars = () => get<Items<Calendar>>('/api/v1/calendars');
/** Every date from `from` to `to`; without them, the whole viewable range. */
export const getCalendar = (id: number, from?: string, to?: string) =>
  get<CalendarDetail>(`/api/v1/calendars/${id}`, { from, to });
export const createCalendar = (managementGroupId: number, name: string) =>
  post<CalendarDetail>('/api/v1/calendars', { management_group_id: managementGroupId, name });
export const updateCalendar = (id: number, changes: CalendarChanges) =>
  put<CalendarDetail>(`/api/v1/calendars/${id}`, changes);
export const deleteCalendar = (id: number) => del(`/api/v1/calendars/${id}`);
export const copyTemplate = (id: number) => post<CalendarDetail>(`/api/v1/calendars/${id}/copy-template`);

export const importICal = (id: number, content: string, dateKindId: number) =>
  post<ICalImportResult>(`/api/v1/calendars/${id}/ical`, { content, date_kind_id: dateKindId });
export const iCalExportUrl = (id: number) => `/api/v1/calendars/${id}/ical`;
