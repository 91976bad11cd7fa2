import { get, withQuery } from './client';
import type { HistoryKind, HistoryRecord, Page } from './types';

export interface HistoryFilter {
  from_ms?: number;
  to_ms?: number;
  kinds?: HistoryKind[];
  gate_ids?: number[];
  user_id?: string;
}

function historyQuery(filter: HistoryFilter) {
  return {
    from_ms: filter.from_ms,
    to_ms: filter.to_ms,
    kind: filter.kinds?.join(','),
    gate_id: filter.gate_ids?.join(','),
    user_id: filter.user_id,
  };
}

export const listHistory = (filter: HistoryFilter, limit: number, cursor?: string) =>
  get<Page<HistoryRecord>>('/api/v1/history', { ...historyQuery(filter), limit, cursor });

export const historyExportUrl = (filter: HistoryFilter) => withQuery('/api/v1/history/export', historyQuery(filter));
