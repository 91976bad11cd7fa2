import { useState } from 'react';
import { Button, Form, Input, Select, Typography } from 'antd';
import { createCalendar } from '../../api/calendars';
import type { CalendarDetail, ManagementGroup } from '../../api/types';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { DetailPane } from '../../layout/DetailPane';

interface Props {
  /** The management groups that follow the template, having no calendar of their own. */
  groups: ManagementGroup[];
  onClose: () => void;
  onCreated: (calendar: CalendarDetail) => void;
}

interface Values {
  management_group_id: number;
  name: string;
}

/** A calendar of its own for a management group: starts as a copy of the template. */
export function NewCalendarPane({ groups, onClose, onCreated }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const create = async (values: Values) => {
    setBusy(true);
    try {
      const created = await createCalendar(values.management_group_id, values.name.trim());
      notify.success(t('saved'));
      onCreated(created);
    } catch (error) {
      showProblemsInForm(form, error, ['management_group_id', 'name']);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="calendar-create">
      {t('action.create')}
    </Button>
  );

  return (
    <DetailPane open testId="calendar-new-pane" title={t('calendars.new')} onClose={onClose} footer={footer}>
      <Typography.Paragraph type="secondary">{t('calendars.newHint')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={create}>
        <Form.Item
          name="management_group_id"
          label={t('calendars.managementGroup')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            options={groups.map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))}
            onChange={(id: number) => {
              // The group's name is the usual name of its calendar; keep what the operator typed.
              if (!form.getFieldValue('name')) form.setFieldValue('name', groups.find((g) => g.id === id)?.name ?? '');
            }}
            data-testid="calendar-form-group"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('common.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input data-testid="calendar-form-new-name" />
        </Form.Item>
      </Form>
    </DetailPane>
  );
}
