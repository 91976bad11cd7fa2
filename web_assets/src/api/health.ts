import { get } from './client';

/** The part of `GET /api/v1/health` the UI shows: which installation this is. */
export interface Health {
  status: 'ok' | 'degraded';
  version?: string;
  system_name?: string;
}

export const getHealth = () => get<Health>('/api/v1/health');
