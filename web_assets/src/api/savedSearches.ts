import { del, get, post } from './client';
import type { Items, SavedSearch } from './types';

export const listSavedSearches = () => get<Items<SavedSearch>>('/api/v1/saved-searches');
export const createSavedSearch = (name: string, conditions: string) =>
  post<SavedSearch>('/api/v1/saved-searches', { name, conditions });
export const deleteSavedSearch = (id: number) => del(`/api/v1/saved-searches/${id}`);
