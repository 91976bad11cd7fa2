import { useCallback, useEffect, useRef, useState } from 'react';
import { getImport, startImport, type ImportOptions } from '../../api/imports';
import type { ImportJob, ImportKind } from '../../api/types';

// docs/api.md: the job is asked for its progress; half a second keeps the bar lively.
const POLL_MS = 500;

/** Starts an import and follows it until it is done or failed. */
export function useImportJob(onError: (error: unknown) => void) {
  const [job, setJob] = useState<ImportJob>();
  const [starting, setStarting] = useState(false);
  const timer = useRef<number>();
  const latestOnError = useRef(onError);
  latestOnError.current = onError;

  const stop = () => window.clearTimeout(timer.current);
  useEffect(() => stop, []);

  const poll = useCallback((id: ImportJob['id']) => {
    timer.current = window.setTimeout(async () => {
      try {
        const next = await getImport(id);
        setJob(next);
        if (next.state === 'running') poll(id);
      } catch (error) {
        latestOnError.current(error);
      }
    }, POLL_MS);
  }, []);

  const start = useCallback(
    async (kind: ImportKind, file: Blob, options: ImportOptions) => {
      stop();
      setJob(undefined);
      setStarting(true);
      try {
        const started = await startImport(kind, file, options);
        setJob(started);
        if (started.state === 'running') poll(started.id);
      } catch (error) {
        latestOnError.current(error);
      } finally {
        setStarting(false);
      }
    },
    [poll],
  );

  return { job, starting, start, running: starting || job?.state === 'running' };
}
