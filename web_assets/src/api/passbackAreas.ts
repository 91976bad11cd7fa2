import { del, get, post, put } from './client';
import type { ControllerOutcomes, Items, PassbackArea } from './types';

// The gate plugin's global anti-passback areas (docs/gate.md). An area is named by its code.

export interface PassbackAreaInput {
  name: string;
  /** Gate ids; they leave any other area. */
  gates: number[];
}

const path = (code: string) => `/api/v1/passback-areas/${encodeURIComponent(code)}`;

export const listPassbackAreas = () => get<Items<PassbackArea>>('/api/v1/passback-areas');
/** Creates or replaces area `code`; a refused value answers 400 with a message that names the field. */
export const putPassbackArea = (code: string, input: PassbackAreaInput) =>
  put<{ code: string; gates_changed: number }>(path(code), input);
export const deletePassbackArea = (code: string) => del(path(code));
/** The global anti-passback transfer: each controller of `gates` gets where its area's users are. */
export const sendPassbackPlaces = (gates: number[]) =>
  post<ControllerOutcomes>('/api/v1/controllers/passback-places', { gates });
