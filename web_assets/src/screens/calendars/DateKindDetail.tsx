import { useState } from 'react';
import { Form, Input, Select, Tag } from 'antd';
import { createDateKind, deleteDateKind, updateDateKind, type DateKindInput } from '../../api/calendars';
import { DATE_KIND_CLASSES, type DateKind } from '../../api/types';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';
import { CLASS_TAG_COLOURS } from './dateKinds';

interface Props {
  /** undefined: a new date kind. */
  kind: DateKind | undefined;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (kind: DateKind) => void;
  onDeleted: () => void;
}

const FIELDS = ['code', 'name', 'class'];

export function DateKindDetail({ kind, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<DateKindInput>();
  const [busy, setBusy] = useState(false);

  const save = async (values: DateKindInput) => {
    const input: DateKindInput = { code: values.code.trim(), name: values.name.trim(), class: values.class };
    setBusy(true);
    try {
      const saved = kind ? await updateDateKind(kind.id, input) : await createDateKind(input);
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
      record={kind}
      name={(k) => k.name}
      busy={busy}
      onSave={() => form.submit()}
      // 409 in_use: a calendar, an annual fixed day or a schedule still uses it; the message says which.
      onDelete={(k) => deleteDateKind(k.id)}
      onDeleted={onDeleted}
      testIdPrefix="date-kind"
    />
  );

  return (
    <DetailPane
      open
      testId="date-kind-detail"
      title={kind ? kind.name : t('dateKinds.new')}
      onClose={onClose}
      footer={footer}
    >
      <Form<DateKindInput>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={kind ?? { code: '', name: '', class: 'special' }}
        onFinish={save}
      >
        <Form.Item name="code" label={t('common.code')} rules={[{ required: true, message: t('form.required') }]}>
          <Input data-testid="date-kind-form-code" />
        </Form.Item>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, message: t('form.required') }]}>
          <Input data-testid="date-kind-form-name" />
        </Form.Item>
        <Form.Item name="class" label={t('dateKinds.class')} extra={t('dateKinds.classHint')}>
          <Select
            options={DATE_KIND_CLASSES.map((c) => ({
              value: c,
              label: <Tag color={CLASS_TAG_COLOURS[c]}>{t(`dateKindClass.${c}`)}</Tag>,
            }))}
            data-testid="date-kind-form-class"
          />
        </Form.Item>
      </Form>
    </DetailPane>
  );
}
