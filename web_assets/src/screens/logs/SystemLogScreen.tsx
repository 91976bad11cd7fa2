import { useState } from 'react';
import { Button, DatePicker, Form, Input, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { SearchOutlined } from '@ant-design/icons';
import { listSystemLog, type SystemLogQuery } from '../../api/logs';
import type { SystemLogEntry } from '../../api/types';
import { CursorPager } from '../../common/CursorPager';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useCursorPages } from '../../common/useCursorPages';
import { useLoad } from '../../common/useLoad';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { rangeMs, type RangeValue } from './rangeMs';

type Filter = Pick<SystemLogQuery, 'from_ms' | 'to_ms' | 'category'>;

// Outcomes the host writes; anything else is shown plain.
const outcomeColour: Record<string, string> = { ok: 'green', partial: 'orange', failed: 'red', refused: 'red' };

/** Screen operations, notifications and system alarms, newest first. */
export function SystemLogScreen() {
  const t = useT();
  const [filter, setFilter] = useState<Filter>({});
  const [pageSize, setPageSize] = useState(100);
  const pages = useCursorPages();
  const list = useLoad(
    () => listSystemLog({ ...filter, limit: pageSize, cursor: pages.cursor }),
    [JSON.stringify(filter), pageSize, pages.cursor],
  );

  const columns: ColumnsType<SystemLogEntry> = [
    { title: t('log.at'), key: 'at', render: (_, e) => formatTime(e.at_ms), width: 170 },
    { title: t('log.actor'), dataIndex: 'actor', key: 'actor' },
    { title: t('log.category'), dataIndex: 'category', key: 'category' },
    { title: t('log.action'), dataIndex: 'action', key: 'action' },
    {
      title: t('log.outcome'),
      key: 'outcome',
      render: (_, e) => <Tag color={outcomeColour[e.outcome] ?? 'default'}>{e.outcome}</Tag>,
    },
    { title: t('log.detail'), dataIndex: 'detail', key: 'detail' },
  ];

  const toolbar = (
    <Form<{ range?: RangeValue; category?: string }>
      layout="inline"
      className="filter-bar"
      onFinish={(v) => {
        setFilter({ ...rangeMs(v.range), category: v.category?.trim() || undefined });
        pages.reset();
        list.reload();
      }}
    >
      <Form.Item name="range">
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="category">
        <Input allowClear placeholder={t('log.category')} style={{ width: 180 }} data-testid="system-log-category" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="system-log-apply">
        {t('action.search')}
      </Button>
    </Form>
  );

  return (
    <ScreenFrame testId="system-log" title={t('nav.systemLog')} toolbar={toolbar}>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<SystemLogEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            pagination={false}
            onRow={(e) => rowProps(`system-log-row-${e.id}`)}
          />
          <CursorPager
            pageIndex={pages.pageIndex}
            pageSize={pageSize}
            count={list.data?.items.length ?? 0}
            total={list.data?.total}
            hasNext={Boolean(list.data?.next_cursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(list.data?.next_cursor ?? '')}
            onPageSize={(size) => {
              setPageSize(size);
              pages.reset();
            }}
            labels={{ previous: t('pager.newer'), next: t('pager.older') }}
          />
        </>
      )}
    </ScreenFrame>
  );
}
