import { useState } from 'react';
import { Form, Input, InputNumber, Select, Tabs } from 'antd';
import { createGate, deleteGate, getGate, updateGate, type GateInput } from '../../api/gates';
import { UNLOCK_MODES, VERIFICATION_MODES, type Gate, type ManagementGroup } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { ControllerPanel } from './ControllerPanel';
import { ExplainForm } from './ExplainForm';
import { GatePassback } from './GatePassback';

interface Props {
  /** undefined: a new gate. */
  gate: Gate | undefined;
  managementGroups: ManagementGroup[];
  defaultGroupId: number | undefined;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (gate: Gate) => void;
  onDeleted: () => void;
}

type Values = GateInput;
type Tab = 'settings' | 'controller' | 'explain';

const FIELDS = [
  'code',
  'name',
  'management_group_id',
  'controller_address',
  'entry_reader',
  'exit_reader',
  'lock_state',
  'guard_state',
  'verification_mode',
  'unlock_mode',
  'door_open_seconds',
];

/**
 * A gate: its management group, controller and readers, state and modes; for a saved gate also
 * its anti-passback, its controller's live state with the commands, and "would this card open it?".
 */
export function GateDetail({ gate, managementGroups, defaultGroupId, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState<Tab>('settings');

  const initial: Partial<Values> = gate ?? {
    code: '',
    name: '',
    management_group_id: defaultGroupId,
    controller_address: '',
    entry_reader: '',
    exit_reader: '',
    lock_state: 'locked',
    guard_state: 'disarmed',
    verification_mode: 'card',
    unlock_mode: 'schedule',
    door_open_seconds: 5,
  };

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const input: GateInput = { ...values, code: values.code.trim() };
      const saved = gate ? await updateGate(gate.id, input) : await createGate(input);
      notify.success(t('saved'));
      onSaved(saved);
    } catch (error) {
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  // The controller's settings were adopted: the list and these fields of the form show them.
  const reloadGate = async (fields: string[]) => {
    if (!gate) return;
    try {
      const fresh = await getGate(gate.id);
      const adopted = fields.filter((name) => FIELDS.includes(name)) as (keyof Values)[];
      form.setFieldsValue(Object.fromEntries(adopted.map((name) => [name, fresh[name]])));
      onSaved(fresh);
    } catch (error) {
      notify.error(error);
    }
  };

  const footer = canEdit && tab === 'settings' && (
    <DetailFooter
      record={gate}
      name={(g) => g.name}
      busy={busy}
      onSave={() => form.submit()}
      onDelete={(g) => deleteGate(g.id)}
      onDeleted={onDeleted}
      testIdPrefix="gate"
    />
  );

  const required = [{ required: true, message: t('form.required') }];
  const settings = (
    <Form<Values> form={form} layout="vertical" disabled={!canEdit} initialValues={initial} onFinish={save}>
      <div className="form-grid">
        <Form.Item name="code" label={t('common.code')} rules={required}>
          <Input data-testid="gate-form-code" />
        </Form.Item>
        <Form.Item name="name" label={t('common.name')} rules={required}>
          <Input data-testid="gate-form-name" />
        </Form.Item>
      </div>
      <Form.Item name="management_group_id" label={t('gates.managementGroup')} rules={required}>
        <Select options={managementGroups.map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))} />
      </Form.Item>
      <Form.Item name="controller_address" label={t('gates.controllerAddress')}>
        <Input placeholder="192.0.2.10" />
      </Form.Item>
      <div className="form-grid">
        <Form.Item name="entry_reader" label={t('gates.entryReader')}>
          <Input />
        </Form.Item>
        <Form.Item name="exit_reader" label={t('gates.exitReader')}>
          <Input />
        </Form.Item>
        <Form.Item name="lock_state" label={t('gates.lockState')}>
          <Select
            options={[
              { value: 'locked', label: t('gates.locked') },
              { value: 'unlocked', label: t('gates.unlocked') },
            ]}
          />
        </Form.Item>
        <Form.Item name="guard_state" label={t('gates.guardState')}>
          <Select
            options={[
              { value: 'armed', label: t('gates.armed') },
              { value: 'disarmed', label: t('gates.disarmed') },
            ]}
          />
        </Form.Item>
        <Form.Item name="verification_mode" label={t('gates.verificationMode')}>
          <Select options={VERIFICATION_MODES.map((m) => ({ value: m, label: t(`gates.verification.${m}`) }))} />
        </Form.Item>
        <Form.Item name="unlock_mode" label={t('gates.unlockMode')}>
          <Select options={UNLOCK_MODES.map((m) => ({ value: m, label: t(`gates.unlock.${m}`) }))} />
        </Form.Item>
        <Form.Item
          name="door_open_seconds"
          label={t('gates.doorOpenSeconds')}
          tooltip={t('gates.doorOpenSecondsHelp')}
          rules={[{ required: true, type: 'integer', min: 1, max: 600, message: t('gates.doorOpenSecondsRange') }]}
        >
          <InputNumber
            min={1}
            max={600}
            precision={0}
            addonAfter={t('gates.seconds')}
            data-testid="gate-form-door-open"
          />
        </Form.Item>
      </div>
    </Form>
  );
  return (
    <DetailPane
      open
      testId="gate-detail"
      title={gate ? gate.name : t('gates.new')}
      onClose={onClose}
      footer={footer}
      width={gate ? 680 : undefined}
    >
      {gate ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as Tab)}
          items={[
            {
              key: 'settings',
              label: tabLabel('settings', t('gates.tabSettings')),
              children: (
                <>
                  {settings}
                  <GatePassback gate={gate} />
                </>
              ),
            },
            {
              key: 'controller',
              label: tabLabel('controller', t('controller.title')),
              children: <ControllerPanel gate={gate} canEdit={canEdit} onGateChanged={(f) => void reloadGate(f)} />,
            },
            { key: 'explain', label: tabLabel('explain', t('explain.tab')), children: <ExplainForm gate={gate} /> },
          ]}
        />
      ) : (
        settings
      )}
    </DetailPane>
  );
}

const tabLabel = (key: Tab, text: string) => <span data-testid={`gate-tab-${key}`}>{text}</span>;
