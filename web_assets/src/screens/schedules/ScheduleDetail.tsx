import { useState } from 'react';
import { Divider, Form, Input, Select, Typography } from 'antd';
import { createSchedule, deleteSchedule, updateSchedule, type ScheduleInput } from '../../api/schedules';
import type { Gate, Schedule } from '../../api/types';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';
import type { DateKindCatalogue } from '../calendars/dateKinds';
import { bandOfRow, bandProblem, minutesOf, rowOfBand, type BandRow } from './bands';
import { BandsEditor } from './BandsEditor';

interface Props {
  /** undefined: a new schedule. */
  schedule: Schedule | undefined;
  gates: Gate[];
  /** The schedule that uses each gate: a gate follows at most one. */
  gateOwners: Map<number, Schedule>;
  kinds: DateKindCatalogue;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (schedule: Schedule) => void;
  onDeleted: () => void;
}

interface Values {
  code: string;
  name: string;
  description: string;
  gate_ids: number[];
}

const FIELDS = ['code', 'name', 'description', 'gate_ids'];

const sortedRows = (schedule: Schedule | undefined): BandRow[] =>
  [...(schedule?.bands ?? [])]
    .sort((a, b) => a.date_kind_id - b.date_kind_id || minutesOf(a.start) - minutesOf(b.start))
    .map(rowOfBand);

/** A schedule: code, name, the gates that follow it, and its time bands per date kind. */
export function ScheduleDetail({ schedule, gates, gateOwners, kinds, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState<BandRow[]>(() => sortedRows(schedule));
  const bandsValid = rows.every((r) => !bandProblem(r, rows, t));

  const save = async (values: Values) => {
    if (!bandsValid) {
      notify.error(new Error(t('schedules.fixBands')));
      return;
    }
    const input: ScheduleInput = {
      code: values.code.trim(),
      name: values.name.trim(),
      description: values.description ?? '',
      gate_ids: values.gate_ids ?? [],
      bands: rows.map(bandOfRow),
    };
    setBusy(true);
    try {
      const saved = schedule ? await updateSchedule(schedule.id, input) : await createSchedule(input);
      setRows(sortedRows(saved));
      notify.success(t('saved'));
      onSaved(saved);
    } catch (error) {
      // 409: a gate follows another schedule already; the message names it.
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const gateOptions = gates.map((g) => {
    const owner = gateOwners.get(g.id);
    const elsewhere = owner && owner.id !== schedule?.id;
    return {
      value: g.id,
      label: elsewhere ? `${g.code} ${g.name} (${t('schedules.usedBy', { name: owner.name })})` : `${g.code} ${g.name}`,
    };
  });

  const footer = canEdit && (
    <DetailFooter
      record={schedule}
      name={(s) => s.name}
      busy={busy}
      onSave={() => form.submit()}
      onDelete={(s) => deleteSchedule(s.id)}
      onDeleted={onDeleted}
      testIdPrefix="schedule"
    />
  );

  return (
    <DetailPane
      open
      testId="schedule-detail"
      title={schedule ? schedule.name : t('schedules.new')}
      onClose={onClose}
      footer={footer}
      width={960}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={schedule ?? { code: '', name: '', description: '', gate_ids: [] }}
        onFinish={save}
      >
        <div className="form-grid">
          <Form.Item name="code" label={t('common.code')} rules={[{ required: true, message: t('form.required') }]}>
            <Input data-testid="schedule-form-code" />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, message: t('form.required') }]}>
            <Input data-testid="schedule-form-name" />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('common.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="gate_ids" label={t('schedules.gates')} extra={t('schedules.gatesHint')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={gateOptions}
            data-testid="schedule-form-gates"
          />
        </Form.Item>
      </Form>
      <Divider orientation="left">{t('schedules.bands')}</Divider>
      <Typography.Paragraph type="secondary">{t('schedules.bandsHint')}</Typography.Paragraph>
      <BandsEditor rows={rows} kinds={kinds} canEdit={canEdit} onChange={setRows} />
    </DetailPane>
  );
}
