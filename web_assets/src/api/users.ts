import { del, get, post, put, withQuery } from './client';
import type { AccessUser, Page } from './types';

export type UserSort = 'user_id' | 'name';
export type SortOrder = 'asc' | 'desc';

/** The filters of the user list; also what a saved search stores. */
export interface UserFilter {
  text?: string;
  affiliation_id?: number;
  card?: string;
  gate_id?: number;
}

export interface UserQuery extends UserFilter {
  sort?: UserSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

export type UserInput = Omit<AccessUser, 'id' | 'updated_at_ms' | 'affiliation_code'>;

export const listUsers = (query: UserQuery) => get<Page<AccessUser>>('/api/v1/users', { ...query });
export const getUser = (id: number) => get<AccessUser>(`/api/v1/users/${id}`);
export const createUser = (user: UserInput) => post<AccessUser>('/api/v1/users', user);
export const updateUser = (id: number, user: UserInput) => put<AccessUser>(`/api/v1/users/${id}`, user);
export const deleteUser = (id: number) => del(`/api/v1/users/${id}`);
export const deleteMatchingUsers = (filter: UserFilter) =>
  post<{ deleted: number }>('/api/v1/users/delete-matching', filter);

export const usersExportUrl = (encoding: 'utf-8' | 'shift_jis') => withQuery('/api/v1/users/export', { encoding });
