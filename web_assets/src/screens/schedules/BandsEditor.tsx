import { Button, Input, InputNumber, Select, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DOOR_MODES, VERIFICATION_MODES, type DoorMode, type VerificationMode } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import type { DateKindCatalogue } from '../calendars/dateKinds';
import { BandTimeline } from './BandTimeline';
import { bandOfRow, bandProblem, minutesOf, newKey, type BandRow } from './bands';

interface Props {
  rows: BandRow[];
  kinds: DateKindCatalogue;
  canEdit: boolean;
  onChange: (rows: BandRow[]) => void;
}

/** The time bands of a schedule: a tab per date kind, each with its table and 24-hour bar. */
export function BandsEditor({ rows, kinds, canEdit, onChange }: Props) {
  const t = useT();

  const codeOf = (row: BandRow) => kinds.byId.get(row.date_kind_id)?.code ?? row.date_kind_id;
  const change = (key: number, patch: Partial<BandRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const remove = (key: number) => onChange(rows.filter((r) => r.key !== key));
  const add = (dateKindId: number) => {
    // The new band follows the last one of the day, up to the end of the day.
    const ofKind = rows.filter((r) => r.date_kind_id === dateKindId);
    const ends = ofKind.map((r) => minutesOf(r.end, true)).filter((m) => !Number.isNaN(m));
    const last = ends.length ? Math.max(...ends) : 0;
    const start =
      last >= 24 * 60 ? '' : `${String(Math.floor(last / 60)).padStart(2, '0')}:${String(last % 60).padStart(2, '0')}`;
    onChange([
      ...rows,
      {
        key: newKey(),
        date_kind_id: dateKindId,
        start,
        end: start ? '24:00' : '',
        door_mode: 'card',
        passable_level: 1,
        verification_mode: 'card',
      },
    ]);
  };

  const columns = (ofKind: BandRow[]): ColumnsType<BandRow> => [
    {
      title: t('schedules.start'),
      key: 'start',
      width: 96,
      render: (_, r, i) => (
        <Input
          value={r.start}
          placeholder="HH:MM"
          maxLength={5}
          disabled={!canEdit}
          status={Number.isNaN(minutesOf(r.start)) ? 'error' : undefined}
          onChange={(e) => change(r.key, { start: e.target.value.trim() })}
          data-testid={`band-start-${codeOf(r)}-${i}`}
        />
      ),
    },
    {
      title: t('schedules.end'),
      key: 'end',
      width: 96,
      render: (_, r, i) => (
        <Input
          value={r.end}
          placeholder="HH:MM"
          maxLength={5}
          disabled={!canEdit}
          status={Number.isNaN(minutesOf(r.end, true)) ? 'error' : undefined}
          onChange={(e) => change(r.key, { end: e.target.value.trim() })}
          data-testid={`band-end-${codeOf(r)}-${i}`}
        />
      ),
    },
    {
      title: t('schedules.doorMode'),
      key: 'door_mode',
      width: 150,
      render: (_, r, i) => (
        <Select<DoorMode>
          value={r.door_mode}
          disabled={!canEdit}
          onChange={(v) => change(r.key, { door_mode: v })}
          options={DOOR_MODES.map((m) => ({ value: m, label: t(`doorMode.${m}`) }))}
          style={{ width: '100%' }}
          data-testid={`band-door-mode-${codeOf(r)}-${i}`}
        />
      ),
    },
    {
      title: t('schedules.passableLevel'),
      key: 'level',
      width: 90,
      render: (_, r, i) => (
        <InputNumber
          min={1}
          max={8}
          precision={0}
          value={r.passable_level}
          disabled={!canEdit}
          onChange={(v) => change(r.key, { passable_level: v ?? 1 })}
          data-testid={`band-level-${codeOf(r)}-${i}`}
        />
      ),
    },
    {
      title: t('gates.verificationMode'),
      key: 'verification',
      width: 190,
      render: (_, r) => (
        <Select<VerificationMode>
          value={r.verification_mode}
          disabled={!canEdit}
          onChange={(v) => change(r.key, { verification_mode: v })}
          options={VERIFICATION_MODES.map((m) => ({ value: m, label: t(`gates.verification.${m}`) }))}
          style={{ width: '100%' }}
        />
      ),
    },
    {
      title: '',
      key: 'problem',
      render: (_, r) => {
        const problem = bandProblem(r, ofKind, t);
        return problem && <Typography.Text type="danger">{problem}</Typography.Text>;
      },
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'remove',
            width: 48,
            render: (_: unknown, r: BandRow) => (
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(r.key)} />
            ),
          },
        ]
      : []),
  ];

  return (
    <Tabs
      size="small"
      items={kinds.items.map((kind) => {
        // In the order entered: sorting while the operator types would move the row being edited.
        const ofKind = rows.filter((r) => r.date_kind_id === kind.id);
        return {
          key: String(kind.id),
          label: (
            <span data-testid={`bands-tab-${kind.code}`}>
              <span className="swatch" style={{ background: kinds.colour(kind.id) }} /> {kind.name} ({ofKind.length})
            </span>
          ),
          children: (
            <Space direction="vertical" className="full-width">
              <BandTimeline bands={ofKind.map(bandOfRow)} testId={`band-timeline-${kind.code}`} />
              {ofKind.length === 0 && <Typography.Text type="secondary">{t('schedules.noBands')}</Typography.Text>}
              {ofKind.length > 0 && (
                <Table<BandRow>
                  rowKey="key"
                  size="small"
                  columns={columns(ofKind)}
                  dataSource={ofKind}
                  pagination={false}
                />
              )}
              {canEdit && (
                <Button icon={<PlusOutlined />} onClick={() => add(kind.id)} data-testid={`band-add-${kind.code}`}>
                  {t('schedules.addBand')}
                </Button>
              )}
            </Space>
          ),
        };
      })}
    />
  );
}
