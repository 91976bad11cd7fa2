import { useState } from 'react';
import { Form, Input, Transfer } from 'antd';
import type { TransferProps } from 'antd';
import { createGateGroup, deleteGateGroup, updateGateGroup, type GateGroupInput } from '../../api/gateGroups';
import type { Gate, GateGroup } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';
import { showProblemsInForm, useNotify } from '../../common/useNotify';

interface Props {
  /** undefined: a new group. */
  group: GateGroup | undefined;
  gates: Gate[];
  canEdit: boolean;
  onClose: () => void;
  onSaved: (group: GateGroup) => void;
  onDeleted: () => void;
}

type Values = GateGroupInput;

const FIELDS = ['code', 'name', 'description', 'gate_ids'];
// SPEC section 3: at most 200 gates in one group.
const MAX_GATES = 200;

/** Adapts the form's `gate_ids` (numbers) to antd Transfer, which works on string keys. */
function GateTransfer({
  value = [],
  onChange,
  gates,
  disabled,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  gates: Gate[];
  disabled: boolean;
}) {
  const t = useT();
  const data: TransferProps['dataSource'] = gates.map((g) => ({ key: String(g.id), title: `${g.code} ${g.name}` }));
  return (
    <div data-testid="gate-group-transfer">
      <Transfer
        dataSource={data}
        targetKeys={value.map(String)}
        onChange={(keys) => onChange?.(keys.map(Number))}
        render={(item) => item.title ?? ''}
        showSearch
        disabled={disabled}
        titles={[t('gateGroups.available'), t('gateGroups.members')]}
        listStyle={{ width: 240, height: 360 }}
      />
    </div>
  );
}

export function GateGroupDetail({ group, gates, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const input: GateGroupInput = {
        code: values.code.trim(),
        name: values.name,
        description: values.description ?? '',
        gate_ids: values.gate_ids ?? [],
      };
      const saved = group ? await updateGateGroup(group.id, input) : await createGateGroup(input);
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
      onDelete={(g) => deleteGateGroup(g.id)}
      onDeleted={onDeleted}
      testIdPrefix="gate-group"
    />
  );

  return (
    <DetailPane
      open
      testId="gate-group-detail"
      title={group ? group.name : t('gateGroups.new')}
      onClose={onClose}
      footer={footer}
      width={620}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={group ?? { code: '', name: '', description: '', gate_ids: [] }}
        onFinish={save}
      >
        <div className="form-grid">
          <Form.Item name="code" label={t('common.code')} rules={[{ required: true, message: t('form.required') }]}>
            <Input data-testid="gate-group-form-code" />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, message: t('form.required') }]}>
            <Input data-testid="gate-group-form-name" />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('common.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          name="gate_ids"
          label={t('gateGroups.gates')}
          extra={t('gateGroups.limit', { max: MAX_GATES })}
          rules={[
            {
              validator: (_, ids: number[] | undefined) =>
                (ids ?? []).length <= MAX_GATES
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('gateGroups.limit', { max: MAX_GATES }))),
            },
          ]}
        >
          <GateTransfer gates={gates} disabled={!canEdit} />
        </Form.Item>
      </Form>
    </DetailPane>
  );
}
