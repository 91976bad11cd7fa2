import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChangeTopic, GateStateEvent } from '../api/types';

export type Connection = 'connecting' | 'open' | 'closed';

/** The messages of `GET /api/v1/events` that screens react to. */
export type LiveEvent =
  | { name: 'changed'; topic: ChangeTopic }
  | { name: 'history'; count: number }
  | { name: 'gate_state'; state: GateStateEvent }
  /** A job started, ended or was changed (bus topic monban.jobs.changed). */
  | { name: 'jobs' };

type Listener = (event: LiveEvent) => void;

interface Live {
  connection: Connection;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<Live | null>(null);

// EventSource retries by itself after a dropped stream, but gives up for good on an HTTP error
// answer (e.g. 401 when the session ended); then try again ourselves, a little later.
const RETRY_AFTER_CLOSE_MS = 5000;

// Every topic of `changed`: after a reconnect, what happened meanwhile is unknown.
const TOPICS: ChangeTopic[] = [
  'users',
  'affiliations',
  'gates',
  'gate_groups',
  'management_groups',
  'operators',
  'calendars',
  'schedules',
  'jobs',
];

function parse(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface Props {
  /** Called when the server refused the stream: the stream ends with the session. */
  onRefused: () => void;
  children: ReactNode;
}

/** One EventSource per tab, shared by every screen through `useLiveEvent`. */
export function LiveEventsProvider({ onRefused, children }: Props) {
  const [connection, setConnection] = useState<Connection>('connecting');
  const refused = useRef(onRefused);
  refused.current = onRefused;
  const listeners = useRef(new Set<Listener>());
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: number | undefined;
    let connectedBefore = false;
    const emit = (event: LiveEvent) => listeners.current.forEach((listener) => listener(event));

    const connect = () => {
      setConnection('connecting');
      source = new EventSource('/api/v1/events');
      source.onopen = () => setConnection('open');
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) {
          setConnection('closed');
          source.close();
          refused.current();
          retry = window.setTimeout(connect, RETRY_AFTER_CLOSE_MS);
        } else {
          setConnection('connecting');
        }
      };
      source.addEventListener('hello', () => {
        setConnection('open');
        // Events sent while the stream was down are lost: reload as if everything changed.
        if (connectedBefore) {
          TOPICS.forEach((topic) => emit({ name: 'changed', topic }));
          emit({ name: 'history', count: 0 });
          emit({ name: 'jobs' });
        }
        connectedBefore = true;
      });
      source.addEventListener('changed', (e) => {
        const topic = parse((e as MessageEvent<string>).data).topic;
        if (typeof topic === 'string') emit({ name: 'changed', topic: topic as ChangeTopic });
      });
      source.addEventListener('history', (e) => {
        const count = parse((e as MessageEvent<string>).data).count;
        emit({ name: 'history', count: typeof count === 'number' ? count : 0 });
      });
      source.addEventListener('jobs', () => emit({ name: 'jobs' }));
      source.addEventListener('gate_state', (e) => {
        const data = parse((e as MessageEvent<string>).data);
        if (typeof data.gate_id === 'number') emit({ name: 'gate_state', state: data as GateStateEvent });
      });
    };

    connect();
    return () => {
      window.clearTimeout(retry);
      source?.close();
    };
  }, []);

  const value = useMemo(() => ({ connection, subscribe }), [connection, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive outside LiveEventsProvider');
  return value;
}

/** Calls the latest `handler` for every live event while the component is mounted. */
export function useLiveEvent(handler: Listener): void {
  const { subscribe } = useLive();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/** Calls `reload` when objects of `topic` changed elsewhere. */
export function useChanged(topic: ChangeTopic, reload: () => void): void {
  useLiveEvent((event) => {
    if (event.name === 'changed' && event.topic === topic) reload();
  });
}
