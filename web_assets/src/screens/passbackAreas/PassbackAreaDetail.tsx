import { useState } from 'react';
import { Button, Form, Input, Select } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { deletePassbackArea, putPassbackArea, sendPassbackPlaces } from '../../api/passbackAreas';
import type { Gate, PassbackArea } from '../../api/types';
import { useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';

interface Props {
  /** undefined: a new area. */
  area: PassbackArea | undefined;
  /** Every area, to say which one a gate is in now. */
  areas: PassbackArea[];
  gates: Gate[];
  canEdit: boolean;
  onClose: () => void;
  onSaved: (area: PassbackArea) => void;
  onDeleted: () => void;
}

interface Values {
  code: string;
  name: string;
  gates: number[];
}

// The gate plugin's rules (PassbackAreas.cpp): it answers 400 naming the field otherwise.
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_NAME_BYTES = 100;
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * The gate plugin answers a refusal with one message that starts with the field ("name: 1 to 100
 * bytes", "gate 7 is not one of yours"): put it under that field too.
 */
function showRefusalInForm(form: FormInstance<Values>, error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 400) return;
  const field = /^(code|name|gates?)\b/.exec(error.message)?.[1];
  if (!field) return;
  const name: keyof Values = field === 'code' || field === 'name' ? field : 'gates';
  form.setFields([{ name, errors: [error.message] }]);
}

export function PassbackAreaDetail({ area, areas, gates, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  // The area each gate is in now: a gate picked here leaves it.
  const areaOf = new Map<number, string>();
  for (const other of areas) {
    if (other.code === area?.code) continue;
    for (const g of other.gates) areaOf.set(g.id, other.code);
  }
  const options = gates.map((g) => {
    const other = areaOf.get(g.id);
    const label = `${g.code} ${g.name}`;
    return { value: g.id, label: other ? `${label} (${t('passback.inArea', { area: other })})` : label };
  });

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const code = area ? area.code : values.code.trim();
      const input = { name: values.name.trim(), gates: values.gates ?? [] };
      await putPassbackArea(code, input);
      notify.success(t('saved'));
      const codeOf = new Map(gates.map((g) => [g.id, g.code]));
      onSaved({ code, name: input.name, gates: input.gates.map((id) => ({ id, code: codeOf.get(id) ?? '' })) });
    } catch (error) {
      showRefusalInForm(form, error);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  // The global anti-passback transfer for this area's controllers (as saved).
  const sendPlaces = async (saved: PassbackArea) => {
    setBusy(true);
    try {
      const answer = await sendPassbackPlaces(saved.gates.map((g) => g.id));
      const failed = answer.items.filter((item) => !item.ok);
      if (failed.length === 0) {
        notify.success(t('passback.placesSent', { count: answer.items.length }));
      } else {
        const codeOf = new Map(saved.gates.map((g) => [g.id, g.code]));
        notify.error(
          new Error(failed.map((item) => `${codeOf.get(item.gate_id) ?? item.gate_id}: ${item.message}`).join('; ')),
        );
      }
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const footer = canEdit && (
    <DetailFooter
      record={area}
      name={(a) => a.name}
      busy={busy}
      onSave={() => form.submit()}
      onDelete={(a) => deletePassbackArea(a.code)}
      onDeleted={onDeleted}
      testIdPrefix="passback-area"
    />
  );

  const initial: Values = area
    ? { code: area.code, name: area.name, gates: area.gates.map((g) => g.id) }
    : { code: '', name: '', gates: [] };

  return (
    <DetailPane
      open
      testId="passback-area-detail"
      title={area ? area.name : t('passback.new')}
      onClose={onClose}
      footer={footer}
    >
      <Form<Values> form={form} layout="vertical" disabled={!canEdit} initialValues={initial} onFinish={save}>
        <div className="form-grid">
          <Form.Item
            name="code"
            label={t('common.code')}
            extra={area ? t('passback.codeFixed') : t('passback.codeRule')}
            rules={[
              { required: true, message: t('form.required') },
              { pattern: CODE_PATTERN, message: t('passback.codeRule') },
            ]}
          >
            <Input disabled={Boolean(area)} maxLength={32} data-testid="passback-area-form-code" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('common.name')}
            rules={[
              { required: true, whitespace: true, message: t('form.required') },
              {
                validator: (_, value: string | undefined) =>
                  utf8Bytes((value ?? '').trim()) <= MAX_NAME_BYTES
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('passback.nameRule', { max: MAX_NAME_BYTES }))),
              },
            ]}
          >
            <Input data-testid="passback-area-form-name" />
          </Form.Item>
        </div>
        <Form.Item name="gates" label={t('passback.gates')} extra={t('passback.gatesHint')}>
          <Select
            mode="multiple"
            allowClear
            options={options}
            optionFilterProp="label"
            placeholder={t('passback.pickGates')}
            data-testid="passback-area-form-gates"
          />
        </Form.Item>
        {area && canEdit && area.gates.length > 0 && (
          <Form.Item extra={t('passback.sendPlacesHelp')}>
            <Button
              icon={<CloudUploadOutlined />}
              loading={busy}
              onClick={() => void sendPlaces(area)}
              data-testid="passback-area-send-places"
            >
              {t('passback.sendPlaces')}
            </Button>
          </Form.Item>
        )}
      </Form>
    </DetailPane>
  );
}
