import { get, post } from './client';
import type { Items, Job, JobId, JobRun } from './types';

const path = (id: JobId) => `/api/v1/jobs/${encodeURIComponent(String(id))}`;

export const listJobs = () => get<Items<Job>>('/api/v1/jobs');
/** Starts the job now; 409 `running` while it runs already. */
export const runJob = (id: JobId) => post<{ started: boolean }>(`${path(id)}/run`);
export const listJobRuns = (id: JobId, limit = 50) => get<Items<JobRun>>(`${path(id)}/runs`, { limit });
