import { useMemo, useState } from 'react';
import { Alert, Button, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { historyExportUrl, listHistory, type HistoryFilter } from '../../api/history';
import type { HistoryRecord } from '../../api/types';
import { CursorPager } from '../../common/CursorPager';
import { formatTime } from '../../common/format';
import { rowProps } from '../../common/rowProps';
import { useCursorPages } from '../../common/useCursorPages';
import { useLoad } from '../../common/useLoad';
import { useAllGates } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useLiveEvent } from '../../live/LiveEvents';
import { HistoryFilterBar } from './HistoryFilterBar';
import { HistoryRecordDetail } from './HistoryRecordDetail';

const kindColour: Record<HistoryRecord['kind'], string> = {
  access: 'blue',
  alarm: 'red',
  gate_operation: 'purple',
  gate_management: 'default',
};

/** Access, alarm and gate history, newest first. */
export function HistoryScreen() {
  const t = useT();
  const gates = useAllGates();
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [pageSize, setPageSize] = useState(100);
  const pages = useCursorPages();
  const [selected, setSelected] = useState<HistoryRecord>();
  const [newer, setNewer] = useState(false);

  const list = useLoad(
    () => listHistory(filter, pageSize, pages.cursor),
    [JSON.stringify(filter), pageSize, pages.cursor],
  );

  // New records land on the first page: refresh it, but do not pull an older page from under
  // the operator; say that newer ones exist instead.
  useLiveEvent((event) => {
    if (event.name !== 'history') return;
    if (pages.pageIndex === 0) list.reload();
    else setNewer(true);
  });

  const gateNames = useMemo(() => new Map(gates.items.map((g) => [g.id, `${g.code} ${g.name}`])), [gates.items]);
  const gateName = (id: number | null) => (id === null ? '' : (gateNames.get(id) ?? String(id)));

  const toNewest = () => {
    setNewer(false);
    pages.reset();
    list.reload();
  };

  const columns: ColumnsType<HistoryRecord> = [
    { title: t('history.occurredAt'), key: 'at', render: (_, r) => formatTime(r.occurred_at_ms), width: 170 },
    {
      title: t('history.kind'),
      key: 'kind',
      render: (_, r) => <Tag color={kindColour[r.kind]}>{t(`historyKind.${r.kind}`)}</Tag>,
    },
    { title: t('history.gate'), key: 'gate', render: (_, r) => gateName(r.gate_id) },
    { title: t('history.direction'), key: 'direction', render: (_, r) => t(`direction.${r.direction}`) },
    { title: t('history.userId'), dataIndex: 'user_id', key: 'user_id' },
    { title: t('history.userName'), dataIndex: 'user_name', key: 'user_name' },
    { title: t('history.card'), dataIndex: 'card_data', key: 'card' },
    { title: t('history.code'), dataIndex: 'code', key: 'code' },
    { title: t('history.detail'), dataIndex: 'detail', key: 'detail', ellipsis: true },
  ];

  const actions = (
    <Button icon={<DownloadOutlined />} href={historyExportUrl(filter)} download data-testid="history-export">
      {t('action.exportCsv')}
    </Button>
  );

  const toolbar = (
    <HistoryFilterBar
      gates={gates.items}
      onApply={(next) => {
        setFilter(next);
        setNewer(false);
        pages.reset();
        list.reload();
      }}
    />
  );

  return (
    <ScreenFrame testId="history" title={t('nav.history')} actions={actions} toolbar={toolbar}>
      {newer && (
        <Alert
          type="info"
          showIcon
          message={t('history.newerArrived')}
          action={<Button onClick={toNewest}>{t('history.toNewest')}</Button>}
          className="list-notice"
        />
      )}
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<HistoryRecord>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            pagination={false}
            onRow={(r) => rowProps(`history-row-${r.id}`, () => setSelected(r), selected?.id === r.id)}
          />
          <CursorPager
            pageIndex={pages.pageIndex}
            pageSize={pageSize}
            count={list.data?.items.length ?? 0}
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
      {selected && <HistoryRecordDetail record={selected} gateName={gateName} onClose={() => setSelected(undefined)} />}
    </ScreenFrame>
  );
}
