import { del, get, post, put, withQuery } from './client';
import type { Affiliation, Items } from './types';

export interface AffiliationInput {
  code: string;
  name: string;
  parent_id: number | null;
}

export const listAffiliations = () => get<Items<Affiliation>>('/api/v1/affiliations');
export const createAffiliation = (input: AffiliationInput) => post<Affiliation>('/api/v1/affiliations', input);
export const updateAffiliation = (id: number, input: AffiliationInput) =>
  put<Affiliation>(`/api/v1/affiliations/${id}`, input);
export const deleteAffiliation = (id: number, withSubtree: boolean) =>
  del(`/api/v1/affiliations/${id}`, withSubtree ? { with_subtree: true } : undefined);

export const affiliationsExportUrl = (encoding: 'utf-8' | 'shift_jis') =>
  withQuery('/api/v1/affiliations/export', { encoding });
