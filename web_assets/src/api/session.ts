import { get, post, request } from './client';
import type { SessionInfo } from './types';

export const getSetup = () => get<{ setup_required: boolean }>('/api/v1/setup');

export const login = (login_id: string, password: string) =>
  request<SessionInfo>('POST', '/api/v1/session', {
    json: { login_id, password },
    quietUnauthorized: true,
  });

export const getSession = () => request<SessionInfo>('GET', '/api/v1/session', { quietUnauthorized: true });

export const logout = () => request<void>('DELETE', '/api/v1/session', { quietUnauthorized: true });

export const changePassword = (current_password: string, new_password: string) =>
  post<void>('/api/v1/session/password', { current_password, new_password });
