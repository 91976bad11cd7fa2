import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { SearchOutlined } from '@ant-design/icons';
import { listUserSettingHistory, type UserSettingQuery } from '../../api/logs';
import type { UserSettingEntry } from '../../api/types';
import { CursorPager } from '../../common/CursorPager';
import { formatTime, prettyJson } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useCursorPages } from '../../common/useCursorPages';
import { useLoad } from '../../common/useLoad';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { rangeMs, type RangeValue } from './rangeMs';

type Filter = Pick<UserSettingQuery, 'from_ms' | 'to_ms' | 'target_kind' | 'target_key'>;

// The kinds of object whose changes are recorded (docs/domain.md, change tracking).
const TARGET_KINDS = ['access_user', 'affiliation', 'gate', 'gate_group', 'management_group', 'operator'];

/** Before and after of one change, side by side. */
function BeforeAfter({ entry }: { entry: UserSettingEntry }) {
  const t = useT();
  return (
    <div className="before-after" data-testid={`user-setting-diff-${entry.id}`}>
      <div>
        <Typography.Text strong>{t('userSetting.before')}</Typography.Text>
        <pre className="json-block">{prettyJson(entry.before) || '—'}</pre>
      </div>
      <div>
        <Typography.Text strong>{t('userSetting.after')}</Typography.Text>
        <pre className="json-block">{prettyJson(entry.after) || '—'}</pre>
      </div>
    </div>
  );
}

/** Every register / change / delete / import of users and settings, newest first. */
export function UserSettingHistoryScreen() {
  const t = useT();
  const [filter, setFilter] = useState<Filter>({});
  const [pageSize, setPageSize] = useState(100);
  const pages = useCursorPages();
  const list = useLoad(
    () => listUserSettingHistory({ ...filter, limit: pageSize, cursor: pages.cursor }),
    [JSON.stringify(filter), pageSize, pages.cursor],
  );

  const columns: ColumnsType<UserSettingEntry> = [
    { title: t('log.at'), key: 'at', render: (_, e) => formatTime(e.at_ms), width: 170 },
    { title: t('log.actor'), dataIndex: 'actor', key: 'actor' },
    { title: t('log.action'), dataIndex: 'action', key: 'action' },
    { title: t('userSetting.targetKind'), dataIndex: 'target_kind', key: 'target_kind' },
    { title: t('userSetting.targetKey'), dataIndex: 'target_key', key: 'target_key' },
  ];

  const toolbar = (
    <Form<{ range?: RangeValue; target_kind?: string; target_key?: string }>
      layout="inline"
      className="filter-bar"
      onFinish={(v) => {
        setFilter({ ...rangeMs(v.range), target_kind: v.target_kind, target_key: v.target_key?.trim() || undefined });
        pages.reset();
        list.reload();
      }}
    >
      <Form.Item name="range">
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="target_kind">
        <Select
          allowClear
          placeholder={t('userSetting.targetKind')}
          options={TARGET_KINDS.map((k) => ({ value: k, label: k }))}
          style={{ width: 180 }}
        />
      </Form.Item>
      <Form.Item name="target_key">
        <Input
          allowClear
          placeholder={t('userSetting.targetKey')}
          style={{ width: 180 }}
          data-testid="user-setting-key"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="user-setting-apply">
        {t('action.search')}
      </Button>
    </Form>
  );

  return (
    <ScreenFrame testId="user-setting-history" title={t('nav.userSettingHistory')} toolbar={toolbar}>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<UserSettingEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            pagination={false}
            expandable={{ expandedRowRender: (entry) => <BeforeAfter entry={entry} />, expandRowByClick: true }}
            onRow={(e) => rowProps(`user-setting-row-${e.id}`)}
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
