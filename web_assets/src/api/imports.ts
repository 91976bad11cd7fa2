import { get, request } from './client';
import type { ImportEncoding, ImportJob, ImportKind } from './types';

export interface ImportOptions {
  dry_run: boolean;
  strict: boolean;
  encoding: ImportEncoding;
}

/** Sends the file as it is: the server decodes it (UTF-8 or Shift_JIS) itself. */
export const startImport = (kind: ImportKind, file: Blob, options: ImportOptions) =>
  request<ImportJob>('POST', `/api/v1/${kind}/import`, {
    body: file,
    contentType: 'text/csv',
    query: { dry_run: options.dry_run, strict: options.strict, encoding: options.encoding },
  });

export const getImport = (id: string | number) => get<ImportJob>(`/api/v1/imports/${id}`);
