import { useState } from 'react';
import { Button, DatePicker, Descriptions, Form, Modal, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { getGateMode } from '../../api/schedules';
import type { Calendar, Gate, GateModeAnswer, Schedule } from '../../api/types';
import { useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import type { DateKindCatalogue } from '../calendars/dateKinds';
import { DOOR_MODE_COLOURS } from './bands';

interface Props {
  gates: Gate[];
  schedules: Schedule[];
  calendars: Calendar[];
  kinds: DateKindCatalogue;
  onClose: () => void;
}

/** Asks the server how a gate works at a given local date and time, and why. */
export function DoorModeTool({ gates, schedules, calendars, kinds, onClose }: Props) {
  const t = useT();
  const notify = useNotify();
  const [gateId, setGateId] = useState<number>();
  const [at, setAt] = useState<Dayjs | null>(() => dayjs().second(0));
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<GateModeAnswer>();

  const ask = async () => {
    if (gateId === undefined) return;
    setBusy(true);
    try {
      setAnswer(await getGateMode(gateId, at ? at.format('YYYY-MM-DDTHH:mm') : undefined));
    } catch (error) {
      setAnswer(undefined);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const scheduleName = (id: number | null) =>
    id === null ? t('doorModeTool.noSchedule') : (schedules.find((s) => s.id === id)?.name ?? `#${id}`);
  const calendarName = (id: number) => calendars.find((c) => c.id === id)?.name ?? `#${id}`;

  return (
    <Modal open title={t('doorModeTool.title')} onCancel={onClose} footer={null} width={640}>
      <Form layout="inline" className="filter-bar" onFinish={ask}>
        <Form.Item label={t('doorModeTool.gate')}>
          <Select<number>
            showSearch
            optionFilterProp="label"
            value={gateId}
            onChange={setGateId}
            options={gates.map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
            style={{ width: 220 }}
            data-testid="door-mode-gate"
          />
        </Form.Item>
        <Form.Item label={t('doorModeTool.at')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={at}
            onChange={setAt}
            placeholder={t('doorModeTool.now')}
            data-testid="door-mode-at"
          />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={gateId === undefined}
            data-testid="door-mode-ask"
          >
            {t('doorModeTool.ask')}
          </Button>
        </Form.Item>
      </Form>
      {answer && (
        <Descriptions
          className="door-mode-answer"
          size="small"
          bordered
          column={1}
          data-testid="door-mode-answer"
          items={[
            { key: 'at', label: t('doorModeTool.at'), children: answer.at },
            {
              key: 'date',
              label: t('doorModeTool.dateKind'),
              children: (
                <>
                  {answer.local_date}{' '}
                  <span className="swatch" style={{ background: kinds.colour(answer.date_kind_id) }} />{' '}
                  {kinds.name(answer.date_kind_id)}
                </>
              ),
            },
            { key: 'calendar', label: t('doorModeTool.calendar'), children: calendarName(answer.calendar_id) },
            { key: 'schedule', label: t('doorModeTool.schedule'), children: scheduleName(answer.schedule_id) },
            {
              key: 'band',
              label: t('doorModeTool.band'),
              children: answer.band ? `${answer.band.start}–${answer.band.end}` : t('doorModeTool.noBand'),
            },
            {
              key: 'mode',
              label: t('schedules.doorMode'),
              children: (
                <Tag color={DOOR_MODE_COLOURS[answer.door_mode]} data-testid="door-mode-result">
                  {t(`doorMode.${answer.door_mode}`)}
                </Tag>
              ),
            },
            { key: 'level', label: t('schedules.passableLevel'), children: answer.passable_level },
            {
              key: 'verification',
              label: t('gates.verificationMode'),
              children: t(`gates.verification.${answer.verification_mode}`),
            },
            { key: 'reason', label: t('doorModeTool.reason'), children: answer.reason },
          ]}
        />
      )}
    </Modal>
  );
}
