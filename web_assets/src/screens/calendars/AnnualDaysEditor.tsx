import { useEffect, useState } from 'react';
import { Alert, Button, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { listAnnualDays, saveAnnualDays } from '../../api/calendars';
import type { AnnualDay } from '../../api/types';
import { useLoad } from '../../common/useLoad';
import { useNotify } from '../../common/useNotify';
import { useT, type Translate } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { useChanged } from '../../live/LiveEvents';
import type { DateKindCatalogue } from './dateKinds';

// SPEC: at most 202 annual fixed days.
const MAX_DAYS = 202;
// February has 29 days here: an annual day on the 29th applies in leap years.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface Row {
  key: number;
  month: number | null;
  day: number | null;
  name: string;
  date_kind_id: number | null;
}

let nextKey = 1;
const rowOf = (d: AnnualDay): Row => ({ key: nextKey++, ...d });

/** What is wrong with a row, or '' when it can be saved. */
function problemOf(row: Row, rows: Row[], t: Translate): string {
  if (!row.month || !row.day || row.date_kind_id === null) return t('annualDays.incomplete');
  if (row.day > DAYS_IN_MONTH[row.month - 1]) return t('annualDays.noSuchDate');
  if (rows.some((r) => r.key !== row.key && r.month === row.month && r.day === row.day)) {
    return t('annualDays.duplicate');
  }
  return '';
}

/** The annual fixed days (same date kind every year), edited as one list and saved together. */
export function AnnualDaysEditor({ kinds, canEdit }: { kinds: DateKindCatalogue; canEdit: boolean }) {
  const t = useT();
  const notify = useNotify();
  const loaded = useLoad(() => listAnnualDays().then((r) => r.items), []);
  const [rows, setRows] = useState<Row[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  // Changed elsewhere: reload, unless the operator is editing the list.
  useChanged('calendars', () => {
    if (!dirty) loaded.reload();
  });

  useEffect(() => {
    setRows((loaded.data ?? []).map(rowOf));
    setDirty(false);
  }, [loaded.data]);

  const change = (key: number, patch: Partial<Row>) => {
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setDirty(true);
  };
  const add = () => {
    setRows((current) => [...current, { key: nextKey++, month: null, day: null, name: '', date_kind_id: null }]);
    setDirty(true);
  };
  const remove = (key: number) => {
    setRows((current) => current.filter((r) => r.key !== key));
    setDirty(true);
  };

  const problems = rows.map((r) => problemOf(r, rows, t));
  const valid = problems.every((p) => !p) && rows.length <= MAX_DAYS;

  const save = async () => {
    const items: AnnualDay[] = rows
      .map((r) => ({ month: r.month ?? 0, day: r.day ?? 0, name: r.name.trim(), date_kind_id: r.date_kind_id ?? 0 }))
      .sort((a, b) => a.month - b.month || a.day - b.day);
    setBusy(true);
    try {
      const saved = await saveAnnualDays(items);
      setRows(saved.items.map(rowOf));
      setDirty(false);
      notify.success(t('saved'));
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<Row> = [
    {
      title: t('annualDays.month'),
      key: 'month',
      width: 100,
      render: (_, r) => (
        <InputNumber
          min={1}
          max={12}
          precision={0}
          value={r.month}
          disabled={!canEdit}
          onChange={(v) => change(r.key, { month: v })}
          data-testid={`annual-day-month-${r.key}`}
        />
      ),
    },
    {
      title: t('annualDays.day'),
      key: 'day',
      width: 100,
      render: (_, r) => (
        <InputNumber
          min={1}
          max={31}
          precision={0}
          value={r.day}
          disabled={!canEdit}
          onChange={(v) => change(r.key, { day: v })}
          data-testid={`annual-day-day-${r.key}`}
        />
      ),
    },
    {
      title: t('common.name'),
      key: 'name',
      render: (_, r) => (
        <Input value={r.name} disabled={!canEdit} onChange={(e) => change(r.key, { name: e.target.value })} />
      ),
    },
    {
      title: t('dateKinds.dateKind'),
      key: 'kind',
      width: 220,
      render: (_, r) => (
        <Select<number>
          value={r.date_kind_id ?? undefined}
          disabled={!canEdit}
          onChange={(v) => change(r.key, { date_kind_id: v })}
          options={kinds.items.map((k) => ({
            value: k.id,
            label: (
              <span>
                <span className="swatch" style={{ background: kinds.colour(k.id) }} /> {k.name}
              </span>
            ),
          }))}
          style={{ width: '100%' }}
        />
      ),
    },
    {
      title: '',
      key: 'problem',
      render: (_, _row, i) => problems[i] && <Typography.Text type="danger">{problems[i]}</Typography.Text>,
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'remove',
            width: 48,
            render: (_: unknown, r: Row) => (
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(r.key)} />
            ),
          },
        ]
      : []),
  ];

  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <Space direction="vertical" className="full-width" data-testid="annual-days">
      <Typography.Text type="secondary">{t('annualDays.hint', { max: MAX_DAYS })}</Typography.Text>
      {rows.length > MAX_DAYS && <Alert type="error" showIcon message={t('annualDays.tooMany', { max: MAX_DAYS })} />}
      <Table<Row>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loaded.loading}
        pagination={false}
      />
      {canEdit && (
        <Space>
          <Button icon={<PlusOutlined />} onClick={add} disabled={rows.length >= MAX_DAYS} data-testid="annual-day-add">
            {t('annualDays.add')}
          </Button>
          <Button
            type="primary"
            disabled={!dirty || !valid}
            loading={busy}
            onClick={save}
            data-testid="annual-days-save"
          >
            {t('action.save')}
          </Button>
          <Button disabled={!dirty} onClick={() => loaded.reload()}>
            {t('calendars.discard')}
          </Button>
          <Typography.Text type="secondary">{t('annualDays.count', { n: rows.length, max: MAX_DAYS })}</Typography.Text>
        </Space>
      )}
    </Space>
  );
}
