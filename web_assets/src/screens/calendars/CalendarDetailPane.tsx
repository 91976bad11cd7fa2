import { useState } from 'react';
import { Alert, Button, Divider, Form, Input, Popconfirm, Select, Space, Typography, Upload } from 'antd';
import { CopyOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { copyTemplate, deleteCalendar, iCalExportUrl, importICal, updateCalendar } from '../../api/calendars';
import type { CalendarDetail, ICalImportResult } from '../../api/types';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { DetailPane } from '../../layout/DetailPane';
import type { DateKindCatalogue } from './dateKinds';

interface Props {
  calendar: CalendarDetail;
  kinds: DateKindCatalogue;
  groupNames: Map<number, string>;
  canEdit: boolean;
  onClose: () => void;
  /** The calendar changed on the server: reload it. */
  onChanged: () => void;
  onDeleted: () => void;
}

interface Values {
  name: string;
  weekly: number[];
}

const FIELDS = ['name', 'weekly'];
// Monday first, as the API's `weekly`.
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A calendar's name and weekly pattern, copy from the template, iCalendar in and out, delete. */
export function CalendarDetailPane({ calendar, kinds, groupNames, canEdit, onClose, onChanged, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [iCalKind, setICalKind] = useState<number>();
  const [iCalBusy, setICalBusy] = useState(false);
  const [iCalResult, setICalResult] = useState<ICalImportResult>();

  const kindOptions = kinds.items.map((k) => ({
    value: k.id,
    label: (
      <span>
        <span className="swatch" style={{ background: kinds.colour(k.id) }} /> {k.name}
      </span>
    ),
  }));

  const save = async (values: Values) => {
    setBusy(true);
    try {
      await updateCalendar(calendar.id, { name: values.name.trim(), weekly: values.weekly });
      notify.success(t('saved'));
      onChanged();
    } catch (error) {
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      const copied = await copyTemplate(calendar.id);
      form.setFieldsValue({ weekly: copied.weekly });
      notify.success(t('calendars.copied'));
      onChanged();
    } catch (error) {
      notify.error(error);
    }
  };

  const remove = async () => {
    try {
      await deleteCalendar(calendar.id);
      notify.success(t('deleted'));
      onDeleted();
    } catch (error) {
      notify.error(error);
    }
  };

  const importFile = async (file: File) => {
    if (iCalKind === undefined) return;
    setICalBusy(true);
    setICalResult(undefined);
    try {
      const result = await importICal(calendar.id, await file.text(), iCalKind);
      setICalResult(result);
      onChanged();
    } catch (error) {
      notify.error(error);
    } finally {
      setICalBusy(false);
    }
  };

  const footer = canEdit && (
    <Space>
      <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="calendar-save">
        {t('action.save')}
      </Button>
      {!calendar.template && (
        <Popconfirm title={t('calendars.deleteConfirm', { name: calendar.name })} onConfirm={remove}>
          <Button danger data-testid="calendar-delete">
            {t('action.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <DetailPane open testId="calendar-detail" title={calendar.name} onClose={onClose} footer={footer} width={520}>
      <Typography.Paragraph type="secondary">
        {calendar.template
          ? t('calendars.templateHint')
          : t('calendars.usedBy', {
              groups: calendar.management_group_ids.map((id) => groupNames.get(id) ?? `#${id}`).join(', ') || '—',
            })}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={{ name: calendar.name, weekly: calendar.weekly }}
        onFinish={save}
      >
        <Form.Item
          name="name"
          label={t('common.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input data-testid="calendar-form-name" />
        </Form.Item>
        <Typography.Text strong>{t('calendars.weekly')}</Typography.Text>
        <div className="weekly-grid">
          {WEEKDAYS.map((day, i) => (
            <Form.Item
              key={day}
              name={['weekly', i]}
              label={t(`weekday.${day}`)}
              rules={[{ required: true, message: t('form.required') }]}
              className="form-item--tight"
            >
              <Select options={kindOptions} data-testid={`calendar-weekly-${day}`} />
            </Form.Item>
          ))}
        </div>
      </Form>

      {canEdit && !calendar.template && (
        <>
          <Divider />
          <Popconfirm title={t('calendars.copyConfirm')} onConfirm={copy}>
            <Button icon={<CopyOutlined />} data-testid="calendar-copy-template">
              {t('calendars.copyTemplate')}
            </Button>
          </Popconfirm>
          <Typography.Paragraph type="secondary" className="pane-hint">
            {t('calendars.copyHint')}
          </Typography.Paragraph>
        </>
      )}

      <Divider orientation="left">{t('calendars.iCal')}</Divider>
      <Space direction="vertical" className="full-width">
        {canEdit && (
          <>
            <Space wrap>
              <Select<number>
                value={iCalKind}
                onChange={setICalKind}
                options={kindOptions}
                placeholder={t('calendars.iCalKind')}
                style={{ width: 220 }}
                data-testid="calendar-ical-kind"
              />
              <Upload
                accept=".ics,text/calendar"
                showUploadList={false}
                disabled={iCalKind === undefined}
                beforeUpload={(file) => {
                  void importFile(file);
                  return false;
                }}
              >
                <Button
                  icon={<UploadOutlined />}
                  disabled={iCalKind === undefined}
                  loading={iCalBusy}
                  data-testid="calendar-ical-import"
                >
                  {t('calendars.iCalImport')}
                </Button>
              </Upload>
            </Space>
            <Typography.Text type="secondary">{t('calendars.iCalHint')}</Typography.Text>
            {iCalResult && (
              <Alert
                type={iCalResult.skipped ? 'warning' : 'success'}
                showIcon
                message={t('calendars.iCalResult', { applied: iCalResult.applied, skipped: iCalResult.skipped })}
                data-testid="calendar-ical-result"
              />
            )}
          </>
        )}
        <Button
          icon={<DownloadOutlined />}
          href={iCalExportUrl(calendar.id)}
          download
          data-testid="calendar-ical-export"
        >
          {t('calendars.iCalExport')}
        </Button>
      </Space>
    </DetailPane>
  );
}
