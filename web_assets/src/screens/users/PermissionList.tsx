import { Button, Form, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nContext';

export interface TargetOption {
  value: number;
  label: string;
}

interface Props {
  name: 'gates' | 'gate_groups';
  targets: TargetOption[];
  disabled: boolean;
}

/** Permitted gates or gate groups of a user, each with a passable level 1-8. */
export function PermissionList({ name, targets, disabled }: Props) {
  const t = useT();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div data-testid={`permissions-${name}`}>
          {fields.map((field) => (
            <Space key={field.key} align="baseline" className="permission-row">
              <Form.Item name={[field.name, 'target_id']} rules={[{ required: true, message: t('form.required') }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={targets}
                  disabled={disabled}
                  placeholder={name === 'gates' ? t('users.gate') : t('users.gateGroup')}
                  style={{ width: 300 }}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'level']}>
                <InputNumber min={1} max={8} precision={0} disabled={disabled} prefix={t('users.level')} />
              </Form.Item>
              {!disabled && (
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('action.remove')}
                />
              )}
            </Space>
          ))}
          {!disabled && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ level: 1 })}>
              {name === 'gates' ? t('users.addGate') : t('users.addGateGroup')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
