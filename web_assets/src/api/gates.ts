import { del, get, post, put } from './client';
import type { Gate, GatePassback, Page } from './types';

export interface GateQuery {
  management_group_id?: number;
  text?: string;
  limit?: number;
  cursor?: string;
}

export type GateInput = Omit<Gate, 'id' | 'updated_at_ms'>;

/** The most a page may hold; also the gate limit of SPEC section 3, so one page is every gate. */
const MAX_PAGE = 1000;

export const listGates = (query: GateQuery) => get<Page<Gate>>('/api/v1/gates', { ...query });
export const listAllGates = () => listGates({ limit: MAX_PAGE }).then((page) => page.items);
export const getGate = (id: number) => get<Gate>(`/api/v1/gates/${id}`);
export const createGate = (input: GateInput) => post<Gate>('/api/v1/gates', input);
export const updateGate = (id: number, input: GateInput) => put<Gate>(`/api/v1/gates/${id}`, input);
export const deleteGate = (id: number) => del(`/api/v1/gates/${id}`);

// Anti-passback of the gate alone (right gate_parameters); a 400 names what was wrong.
export const getGatePassback = (id: number) => get<GatePassback>(`/api/v1/gates/${id}/anti-passback`);
export const setGatePassback = (id: number, own: boolean) =>
  put<GatePassback>(`/api/v1/gates/${id}/anti-passback`, { own });

/** Every gate's parameters in the operator's scope as a CSV file (docs/csv-formats.md). */
export const gateParametersExportUrl = '/api/v1/gate-parameters/export';
