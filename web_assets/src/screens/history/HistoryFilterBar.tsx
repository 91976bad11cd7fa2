import { Button, DatePicker, Form, Input, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { HistoryFilter } from '../../api/history';
import { HISTORY_KINDS, type Gate, type HistoryKind } from '../../api/types';
import { useT } from '../../i18n/I18nContext';

interface Values {
  range?: [Dayjs | null, Dayjs | null] | null;
  kinds?: HistoryKind[];
  gate_ids?: number[];
  user_id?: string;
}

interface Props {
  gates: Gate[];
  onApply: (filter: HistoryFilter) => void;
}

/** Time range, kinds, gates and user ID of the history list. */
export function HistoryFilterBar({ gates, onApply }: Props) {
  const t = useT();
  const apply = (values: Values) => {
    const [from, to] = values.range ?? [null, null];
    onApply({
      from_ms: from ? from.valueOf() : undefined,
      to_ms: to ? to.valueOf() : undefined,
      kinds: values.kinds?.length ? values.kinds : undefined,
      gate_ids: values.gate_ids?.length ? values.gate_ids : undefined,
      user_id: values.user_id?.trim() || undefined,
    });
  };

  return (
    <Form<Values> layout="inline" onFinish={apply} className="filter-bar" data-testid="history-filter">
      <Form.Item name="range">
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="history-range" />
      </Form.Item>
      <Form.Item name="kinds">
        <Select
          mode="multiple"
          allowClear
          placeholder={t('history.kinds')}
          options={HISTORY_KINDS.map((k) => ({ value: k, label: t(`historyKind.${k}`) }))}
          style={{ minWidth: 200 }}
          data-testid="history-kinds"
        />
      </Form.Item>
      <Form.Item name="gate_ids">
        <Select
          mode="multiple"
          allowClear
          placeholder={t('history.gates')}
          optionFilterProp="label"
          options={gates.map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
          style={{ minWidth: 200 }}
          data-testid="history-gates"
        />
      </Form.Item>
      <Form.Item name="user_id">
        <Input allowClear placeholder={t('history.userId')} style={{ width: 160 }} data-testid="history-user-id" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="history-apply">
        {t('action.search')}
      </Button>
    </Form>
  );
}
