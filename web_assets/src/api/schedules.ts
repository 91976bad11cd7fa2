import { del, get, post, put } from './client';
import type { GateModeAnswer, Items, Schedule } from './types';

export type ScheduleInput = Omit<Schedule, 'id' | 'updated_at_ms'>;

export const listSchedules = () => get<Items<Schedule>>('/api/v1/schedules');
export const getSchedule = (id: number) => get<Schedule>(`/api/v1/schedules/${id}`);
export const createSchedule = (input: ScheduleInput) => post<Schedule>('/api/v1/schedules', input);
export const updateSchedule = (id: number, input: ScheduleInput) => put<Schedule>(`/api/v1/schedules/${id}`, input);
export const deleteSchedule = (id: number) => del(`/api/v1/schedules/${id}`);

/** How the gate works at `at` (local time, "YYYY-MM-DDTHH:mm"); now without it. */
export const getGateMode = (gateId: number, at?: string) => get<GateModeAnswer>(`/api/v1/gates/${gateId}/mode`, { at });
