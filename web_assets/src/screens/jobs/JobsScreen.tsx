import { useEffect, useState } from 'react';
import { Button, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CaretRightOutlined, SyncOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { listJobRuns, listJobs, runJob } from '../../api/jobs';
import type { Job, JobId, JobOutcome, JobRun } from '../../api/types';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useLoad } from '../../common/useLoad';
import { useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useLiveEvent } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';

// `overdue` and the next run move with the clock, not only with events: reload now and then.
const REFRESH_MS = 30_000;

const OUTCOME_COLOURS: Record<JobOutcome, string> = {
  ok: 'green',
  failed: 'red',
  skipped: 'default',
  running: 'processing',
};

function Outcome({ outcome }: { outcome: JobOutcome }) {
  const t = useT();
  return (
    <Tag color={OUTCOME_COLOURS[outcome]} data-outcome={outcome}>
      {t(`jobs.outcome.${outcome}`)}
    </Tag>
  );
}

/** The timed jobs of the plugins: when they run next, how the last run went, and "run now". */
export function JobsScreen() {
  const t = useT();
  const me = useMe();
  const notify = useNotify();
  const canEdit = can(me, 'calendars_schedules', 'edit');
  const list = useLoad(() => listJobs().then((r) => r.items), []);
  // Bumped on every change, so that open run histories reload too.
  const [generation, setGeneration] = useState(0);
  const [starting, setStarting] = useState<JobId>();
  const reload = list.reload;

  useLiveEvent((event) => {
    // The stream says so either with its own `jobs` event or as a change of topic `jobs`.
    if (event.name !== 'jobs' && !(event.name === 'changed' && event.topic === 'jobs')) return;
    reload();
    setGeneration((g) => g + 1);
  });
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const runNow = async (job: Job) => {
    setStarting(job.id);
    try {
      await runJob(job.id);
      notify.success(t('jobs.startedNow', { title: job.title }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) notify.error(new Error(t('jobs.alreadyRunning')));
      else notify.error(error);
    } finally {
      setStarting(undefined);
      reload();
      setGeneration((g) => g + 1);
    }
  };

  const columns: ColumnsType<Job> = [
    {
      title: t('jobs.title'),
      key: 'title',
      render: (_, j) => (
        <>
          {j.title}{' '}
          {j.running && (
            <Tag icon={<SyncOutlined spin />} color="processing" data-testid={`job-running-${j.id}`}>
              {t('jobs.running')}
            </Tag>
          )}
          {j.overdue && (
            <Tag color="red" data-testid={`job-overdue-${j.id}`}>
              {t('jobs.overdue')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('jobs.plugin'), dataIndex: 'plugin', key: 'plugin' },
    {
      title: t('jobs.schedule'),
      key: 'schedule',
      render: (_, j) => <Typography.Text code>{j.schedule}</Typography.Text>,
    },
    { title: t('jobs.missedRun'), key: 'missed', render: (_, j) => t(`jobs.missed.${j.missed_run}`) },
    {
      title: t('jobs.nextRun'),
      key: 'next',
      render: (_, j) => (
        <Typography.Text type={j.overdue ? 'danger' : undefined}>{formatTime(j.next_run_ms)}</Typography.Text>
      ),
    },
    { title: t('jobs.lastStart'), key: 'started', render: (_, j) => formatTime(j.last_run?.started_ms) },
    { title: t('jobs.lastEnd'), key: 'ended', render: (_, j) => formatTime(j.last_run?.ended_ms) },
    {
      title: t('jobs.lastOutcome'),
      key: 'outcome',
      render: (_, j) => (j.last_run ? <Outcome outcome={j.last_run.outcome} /> : t('jobs.never')),
    },
    {
      title: t('jobs.message'),
      key: 'message',
      ellipsis: { showTitle: false },
      render: (_, j) => (
        <Tooltip title={j.last_run?.message} placement="topLeft">
          {j.last_run?.message}
        </Tooltip>
      ),
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'run',
            width: 120,
            render: (_: unknown, j: Job) => (
              <Button
                size="small"
                icon={<CaretRightOutlined />}
                disabled={j.running}
                loading={starting === j.id}
                onClick={(e) => {
                  e.stopPropagation();
                  void runNow(j);
                }}
                data-testid={`job-run-${j.id}`}
              >
                {t('jobs.runNow')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <ScreenFrame testId="jobs" title={t('nav.jobs')}>
      {list.error ? (
        <LoadError error={list.error} onRetry={reload} />
      ) : (
        <Table<Job>
          rowKey={(j) => String(j.id)}
          size="small"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.loading && !list.data}
          pagination={false}
          rowClassName={(j) => (j.overdue ? 'job-row--overdue' : '')}
          onRow={(j) => rowProps(`job-row-${j.id}`)}
          expandable={{
            expandedRowRender: (j) => <JobRuns jobId={j.id} generation={generation} />,
          }}
        />
      )}
    </ScreenFrame>
  );
}

function JobRuns({ jobId, generation }: { jobId: JobId; generation: number }) {
  const t = useT();
  const runs = useLoad(() => listJobRuns(jobId).then((r) => r.items), [jobId, generation]);
  const columns: ColumnsType<JobRun> = [
    { title: t('jobs.trigger'), key: 'trigger', render: (_, r) => t(`jobs.trigger.${r.trigger}`) },
    { title: t('jobs.runStarted'), key: 'started', render: (_, r) => formatTime(r.started_ms) },
    { title: t('jobs.runEnded'), key: 'ended', render: (_, r) => formatTime(r.ended_ms) },
    { title: t('jobs.outcome'), key: 'outcome', render: (_, r) => <Outcome outcome={r.outcome} /> },
    { title: t('jobs.message'), dataIndex: 'message', key: 'message' },
  ];
  if (runs.error) return <LoadError error={runs.error} onRetry={runs.reload} />;
  return (
    <div data-testid={`job-runs-${jobId}`}>
      <Typography.Text strong>{t('jobs.history')}</Typography.Text>
      <Table<JobRun>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={runs.data ?? []}
        loading={runs.loading && !runs.data}
        pagination={false}
        locale={{ emptyText: t('jobs.noRuns') }}
      />
    </div>
  );
}
