import { del, get, post, put } from './client';
import type { GateGroup, Items } from './types';

export type GateGroupInput = Omit<GateGroup, 'id' | 'updated_at_ms'>;

export const listGateGroups = () => get<Items<GateGroup>>('/api/v1/gate-groups');
export const createGateGroup = (input: GateGroupInput) => post<GateGroup>('/api/v1/gate-groups', input);
export const updateGateGroup = (id: number, input: GateGroupInput) =>
  put<GateGroup>(`/api/v1/gate-groups/${id}`, input);
export const deleteGateGroup = (id: number) => del(`/api/v1/gate-groups/${id}`);
