import { del, get, post, put } from './client';
import type { Items, ManagementGroup } from './types';

export type ManagementGroupInput = Omit<ManagementGroup, 'id' | 'updated_at_ms'>;

export const listManagementGroups = () => get<Items<ManagementGroup>>('/api/v1/management-groups');
export const createManagementGroup = (input: ManagementGroupInput) =>
  post<ManagementGroup>('/api/v1/management-groups', input);
export const updateManagementGroup = (id: number, input: ManagementGroupInput) =>
  put<ManagementGroup>(`/api/v1/management-groups/${id}`, input);
export const deleteManagementGroup = (id: number) => del(`/api/v1/management-groups/${id}`);
