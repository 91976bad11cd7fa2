import type { Problem } from './types';

/** An answer of the API that is not a success: the server's error object, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `path?a=1&b=2`, leaving out empty values so that "no filter" is not sent as an empty one. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// The CSRF token lives only in memory: the session cookie itself is HttpOnly and never read.
let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type SessionListener = (error: ApiError) => void;
let sessionListener: SessionListener | null = null;
/** Called when an answer says the session is gone or must change its password first. */
export function onSessionProblem(listener: SessionListener | null): void {
  sessionListener = listener;
}

interface RequestOptions {
  query?: Query;
  json?: unknown;
  /** A raw body (CSV import); sent as is. */
  body?: Blob;
  contentType?: string;
  /** Login and the session probe decide for themselves what a 401 means. */
  quietUnauthorized?: boolean;
  /**
   * Statuses whose body is the answer, not an error object: a gate command that the controller
   * refused answers 409 with `{"ok":false,"message"}`.
   */
  answerOn?: number[];
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
    body = options.body;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }

  if (response.ok || options.answerOn?.includes(response.status)) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await errorOf(response);
  const sessionGone = error.status === 401 && !options.quietUnauthorized;
  if ((sessionGone || error.code === 'password_change_required') && sessionListener) {
    sessionListener(error);
  }
  throw error;
}

async function errorOf(response: Response): Promise<ApiError> {
  interface ErrorBody {
    error?: { code?: string; message?: string; problems?: Problem[]; retry_after_s?: number };
    retry_after_s?: number;
  }
  let parsed: ErrorBody = {};
  try {
    parsed = (await response.json()) as ErrorBody;
  } catch {
    // A proxy or a crash may answer with HTML; the status line is all there is then.
  }
  const e = parsed.error ?? {};
  return new ApiError(
    response.status,
    e.code ?? `http_${response.status}`,
    e.message ?? `${response.status} ${response.statusText}`,
    e.problems ?? [],
    e.retry_after_s ?? parsed.retry_after_s,
  );
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query });
export const post = <T>(path: string, json?: unknown, query?: Query) =>
  request<T>('POST', path, { json: json ?? {}, query });
export const put = <T>(path: string, json: unknown) => request<T>('PUT', path, { json });
export const del = (path: string, query?: Query) => request<void>('DELETE', path, { query });
