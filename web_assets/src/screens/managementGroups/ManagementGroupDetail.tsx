import { useState } from 'react';
import { Form, Input, InputNumber } from 'antd';
import {
  createManagementGroup,
  deleteManagementGroup,
  updateManagementGroup,
  type ManagementGroupInput,
} from '../../api/managementGroups';
import type { ManagementGroup } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';
import { showProblemsInForm, useNotify } from '../../common/useNotify';

interface Props {
  /** undefined: a new group. */
  group: ManagementGroup | undefined;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (group: ManagementGroup) => void;
  onDeleted: () => void;
}

interface Values {
  code: string;
  name: string;
  description: string;
  calendar_id: number | null;
}

const FIELDS = ['code', 'name', 'description', 'calendar_id'];

export function ManagementGroupDetail({ group, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (values: Values) => {
    const input: ManagementGroupInput = {
      code: values.code.trim(),
      name: values.name,
      description: values.description ?? '',
      calendar_id: values.calendar_id ?? null,
    };
    setBusy(true);
    try {
      const saved = group ? await updateManagementGroup(group.id, input) : await createManagementGroup(input);
      notify.success(t('saved'));
      onSaved(saved);
    } catch (error) {
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const footer = canEdit && (
    <DetailFooter
      record={group}
      name={(g) => g.name}
      busy={busy}
      onSave={() => form.submit()}
      onDelete={(g) => deleteManagementGroup(g.id)}
      onDeleted={onDeleted}
      testIdPrefix="management-group"
    />
  );

  return (
    <DetailPane
      open
      testId="management-group-detail"
      title={group ? group.name : t('managementGroups.new')}
      onClose={onClose}
      footer={footer}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={group ?? { code: '', name: '', description: '', calendar_id: null }}
        onFinish={save}
      >
        <Form.Item
          name="code"
          label={t('common.code')}
          rules={[{ required: true, message: t('form.required') }, { max: 32 }]}
        >
          <Input data-testid="management-group-form-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('common.name')}
          rules={[{ required: true, message: t('form.required') }, { max: 64 }]}
        >
          <Input data-testid="management-group-form-name" />
        </Form.Item>
        <Form.Item name="description" label={t('common.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item
          name="calendar_id"
          label={t('managementGroups.calendarId')}
          extra={t('managementGroups.calendarHint')}
        >
          <InputNumber min={1} precision={0} />
        </Form.Item>
      </Form>
    </DetailPane>
  );
}
