import { useMemo, useState } from 'react';
import { Checkbox, Divider, Form, Input, Select, Switch, TreeSelect } from 'antd';
import { createOperator, deleteOperator, updateOperator, type OperatorInput } from '../../api/operators';
import {
  RIGHT_KEYS,
  type Affiliation,
  type ManagementGroup,
  type Operator,
  type OperatorType,
  type Rights,
} from '../../api/types';
import { buildAffiliationTree } from '../../data/affiliationTree';
import { useT } from '../../i18n/I18nContext';
import { DetailFooter } from '../../layout/DetailFooter';
import { DetailPane } from '../../layout/DetailPane';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { defaultLevel, isFixedRight } from '../../session/rights';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../session/passwordRule';
import { RightsTable } from './RightsTable';
import { SetPasswordButton } from './SetPasswordButton';

interface Props {
  /** undefined: a new operator. */
  operator: Operator | undefined;
  managementGroups: ManagementGroup[];
  affiliations: Affiliation[];
  canEdit: boolean;
  onClose: () => void;
  onSaved: (operator: Operator) => void;
  onDeleted: () => void;
}

type Values = OperatorInput;

const FIELDS = [
  'login_id',
  'display_name',
  'type',
  'password',
  'disabled',
  'rights',
  'all_management_groups',
  'management_groups',
  'all_affiliations',
  'affiliations',
];

const defaultRights = (type: OperatorType): Rights =>
  Object.fromEntries(RIGHT_KEYS.map((key) => [key, defaultLevel(type, key)]));

/** Fixed rights always carry the type's level, so a change of type resets them. */
function withFixedRights(type: OperatorType, rights: Rights): Rights {
  const result = { ...rights };
  for (const key of RIGHT_KEYS) if (isFixedRight(key)) result[key] = defaultLevel(type, key);
  return result;
}

export function OperatorDetail(props: Props) {
  const { operator, canEdit } = props;
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('type', form) ?? operator?.type ?? 'general_administrator';
  const allGroups = Form.useWatch('all_management_groups', form);
  const allAffiliations = Form.useWatch('all_affiliations', form);
  const affiliationTree = useMemo(() => buildAffiliationTree(props.affiliations), [props.affiliations]);

  const initial: Values = operator ?? {
    login_id: '',
    display_name: '',
    type: 'general_administrator',
    rights: defaultRights('general_administrator'),
    all_management_groups: false,
    management_groups: [],
    all_affiliations: false,
    affiliations: [],
    disabled: false,
    password: '',
  };

  const save = async (values: Values) => {
    const input: OperatorInput = {
      ...values,
      login_id: values.login_id.trim(),
      rights: withFixedRights(values.type, values.rights),
      management_groups: values.all_management_groups ? [] : (values.management_groups ?? []),
      affiliations: values.all_affiliations ? [] : (values.affiliations ?? []),
      disabled: Boolean(values.disabled),
    };
    if (operator) delete input.password;
    setBusy(true);
    try {
      const saved = operator ? await updateOperator(operator.id, input) : await createOperator(input);
      notify.success(t('saved'));
      props.onSaved(saved);
    } catch (error) {
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const footer = canEdit && (
    <DetailFooter
      record={operator}
      name={(o) => o.login_id}
      busy={busy}
      onSave={() => form.submit()}
      onDelete={(o) => deleteOperator(o.id)}
      onDeleted={props.onDeleted}
      testIdPrefix="operator"
    >
      {operator && <SetPasswordButton operatorId={operator.id} />}
    </DetailFooter>
  );

  return (
    <DetailPane
      open
      testId="operator-detail"
      title={operator ? operator.login_id : t('operators.new')}
      onClose={props.onClose}
      footer={footer}
      width={680}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={initial}
        onFinish={save}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.type)
            form.setFieldValue('rights', withFixedRights(changed.type, form.getFieldValue('rights') as Rights));
        }}
      >
        <div className="form-grid">
          <Form.Item
            name="login_id"
            label={t('operators.loginId')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input data-testid="operator-form-login-id" />
          </Form.Item>
          <Form.Item
            name="display_name"
            label={t('operators.displayName')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input data-testid="operator-form-display-name" />
          </Form.Item>
          <Form.Item name="type" label={t('operators.type')}>
            <Select
              options={[
                { value: 'general_administrator', label: t('operatorType.general_administrator') },
                { value: 'system_administrator', label: t('operatorType.system_administrator') },
              ]}
              data-testid="operator-form-type"
            />
          </Form.Item>
          <Form.Item name="disabled" label={t('operators.disabled')} valuePropName="checked">
            <Switch data-testid="operator-form-disabled" />
          </Form.Item>
        </div>
        {!operator && (
          <Form.Item
            name="password"
            label={t('operators.initialPassword')}
            rules={[
              { required: true, message: t('form.required') },
              {
                min: PASSWORD_MIN,
                max: PASSWORD_MAX,
                message: t('password.rule', { min: PASSWORD_MIN, max: PASSWORD_MAX }),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="operator-form-password" />
          </Form.Item>
        )}

        <Divider orientation="left">{t('operators.scope')}</Divider>
        <Form.Item name="all_management_groups" valuePropName="checked" className="form-item--tight">
          <Checkbox>{t('operators.allManagementGroups')}</Checkbox>
        </Form.Item>
        <Form.Item name="management_groups" label={t('nav.managementGroups')}>
          <Select
            mode="multiple"
            disabled={!canEdit || allGroups}
            optionFilterProp="label"
            options={props.managementGroups.map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))}
          />
        </Form.Item>
        <Form.Item name="all_affiliations" valuePropName="checked" className="form-item--tight">
          <Checkbox>{t('operators.allAffiliations')}</Checkbox>
        </Form.Item>
        <Form.Item name="affiliations" label={t('nav.affiliations')} extra={t('operators.affiliationHint')}>
          <TreeSelect
            multiple
            treeData={affiliationTree}
            disabled={!canEdit || allAffiliations}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
          />
        </Form.Item>

        <Divider orientation="left">{t('operators.rights')}</Divider>
        <Form.Item name="rights">
          <RightsTable type={type} disabled={!canEdit} />
        </Form.Item>
      </Form>
    </DetailPane>
  );
}
