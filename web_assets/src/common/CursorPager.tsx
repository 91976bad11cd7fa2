import { Button, Select, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useT } from '../i18n/I18nContext';

const PAGE_SIZES = [20, 50, 100, 200, 500];

interface Props {
  pageIndex: number;
  pageSize: number;
  /** Rows on the current page. */
  count: number;
  /** Every match, where the API counts them (not for history). */
  total?: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSize?: (size: number) => void;
  /** Labels for logs, which go from newest to oldest. */
  labels?: { previous: string; next: string };
}

/** Previous / next over server cursors, the rows shown, and the page size. */
export function CursorPager(props: Props) {
  const t = useT();
  const { pageIndex, pageSize, count, total, hasNext } = props;
  const first = count ? pageIndex * pageSize + 1 : 0;
  const last = pageIndex * pageSize + count;

  return (
    <Space className="cursor-pager" wrap>
      <Button icon={<LeftOutlined />} disabled={pageIndex === 0} onClick={props.onPrevious} data-testid="pager-prev">
        {props.labels?.previous ?? t('pager.previous')}
      </Button>
      <Typography.Text data-testid="pager-range">
        {total === undefined ? t('pager.rangeOpen', { first, last }) : t('pager.range', { first, last, total })}
      </Typography.Text>
      <Button disabled={!hasNext} onClick={props.onNext} data-testid="pager-next">
        {props.labels?.next ?? t('pager.next')} <RightOutlined />
      </Button>
      {props.onPageSize && (
        <Select
          value={pageSize}
          onChange={props.onPageSize}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('pager.perPage', { n }) }))}
          style={{ width: 136 }}
          data-testid="page-size"
        />
      )}
    </Space>
  );
}
