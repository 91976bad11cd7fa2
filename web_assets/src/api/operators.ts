import { del, get, post, put } from './client';
import type { Items, Operator } from './types';

export type OperatorInput = Omit<Operator, 'id' | 'updated_at_ms'>;

export const listOperators = () => get<Items<Operator>>('/api/v1/operators');
export const createOperator = (input: OperatorInput) => post<Operator>('/api/v1/operators', input);
export const updateOperator = (id: number, input: OperatorInput) => put<Operator>(`/api/v1/operators/${id}`, input);
export const deleteOperator = (id: number) => del(`/api/v1/operators/${id}`);
export const setOperatorPassword = (id: number, password: string) =>
  put<void>(`/api/v1/operators/${id}/password`, { password });
