import { useState } from 'react';
import { Segmented, Space, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportReport, ImportRow } from '../../api/types';
import { rowProps } from '../../common/rowProps';
import { problemText } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';

const outcomeColour: Record<ImportRow['outcome'], string> = {
  added: 'green',
  changed: 'blue',
  deleted: 'orange',
  failed: 'red',
};

/** The result of an import: counts, then one line per row with its outcome and problems. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const [onlyFailed, setOnlyFailed] = useState(false);
  const rows = onlyFailed ? report.rows.filter((r) => r.outcome === 'failed') : report.rows;

  const columns: ColumnsType<ImportRow> = [
    { title: t('import.line'), dataIndex: 'line', key: 'line', width: 80 },
    { title: t('import.key'), dataIndex: 'key', key: 'key' },
    {
      title: t('import.result'),
      key: 'outcome',
      render: (_, r) => (
        <Tag color={outcomeColour[r.outcome]} data-outcome={r.outcome}>
          {t(`import.outcome.${r.outcome}`)}
        </Tag>
      ),
    },
    {
      title: t('import.problems'),
      key: 'problems',
      render: (_, r) => (
        <ul className="problem-list">
          {r.problems.map((p, i) => (
            <li key={i}>{problemText(p)}</li>
          ))}
        </ul>
      ),
    },
  ];

  return (
    <div data-testid="import-result">
      <Space size="large" wrap className="import-summary" data-testid="import-summary">
        <Statistic title={t('import.outcome.added')} value={report.added} />
        <Statistic title={t('import.outcome.changed')} value={report.changed} />
        <Statistic title={t('import.outcome.deleted')} value={report.deleted} />
        <Statistic
          title={t('import.outcome.failed')}
          value={report.failed}
          valueStyle={report.failed ? { color: '#cf1322' } : undefined}
        />
        <Tag color={report.applied ? 'green' : 'default'} data-testid="import-applied">
          {report.dry_run ? t('import.dryRunDone') : report.applied ? t('import.applied') : t('import.notApplied')}
        </Tag>
      </Space>
      <Segmented<'all' | 'failed'>
        value={onlyFailed ? 'failed' : 'all'}
        onChange={(v) => setOnlyFailed(v === 'failed')}
        options={[
          { value: 'all', label: t('import.allRows') },
          { value: 'failed', label: t('import.failedRows') },
        ]}
        className="import-filter"
      />
      <Table<ImportRow>
        rowKey="line"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        onRow={(r) => rowProps(`import-row-${r.key}`)}
      />
    </div>
  );
}
