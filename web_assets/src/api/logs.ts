import { get } from './client';
import type { Page, SystemLogEntry, UserSettingEntry } from './types';

export interface SystemLogQuery {
  from_ms?: number;
  to_ms?: number;
  category?: string;
  limit?: number;
  cursor?: string;
}

export interface UserSettingQuery {
  from_ms?: number;
  to_ms?: number;
  target_kind?: string;
  target_key?: string;
  limit?: number;
  cursor?: string;
}

export const listSystemLog = (query: SystemLogQuery) => get<Page<SystemLogEntry>>('/api/v1/system-log', { ...query });

export const listUserSettingHistory = (query: UserSettingQuery) =>
  get<Page<UserSettingEntry>>('/api/v1/user-setting-history', { ...query });
