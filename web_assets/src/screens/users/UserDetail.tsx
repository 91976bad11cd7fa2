import { useMemo, useState } from 'react';
import { Button, DatePicker, Divider, Form, Input, Popconfirm, Select, Space, Spin, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { createUser, deleteUser, getUser, updateUser, type UserInput } from '../../api/users';
import type { AccessUser, Affiliation, Permission } from '../../api/types';
import { buildAffiliationTree } from '../../data/affiliationTree';
import { useAllGates, useGateGroups } from '../../data/catalogues';
import { useT } from '../../i18n/I18nContext';
import { DetailPane } from '../../layout/DetailPane';
import { LoadError } from '../../layout/LoadError';
import { useLoad } from '../../common/useLoad';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { PermissionList, type TargetOption } from './PermissionList';

export type UserTarget = { kind: 'create'; affiliationId?: number } | { kind: 'edit'; id: number };

interface Props {
  target: UserTarget;
  affiliations: Affiliation[];
  canEdit: boolean;
  onClose: () => void;
  onSaved: (user: AccessUser) => void;
  onDeleted: () => void;
}

interface PermissionValue {
  target_id?: number;
  level?: number;
}

interface Values {
  user_id: string;
  name: string;
  reading: string;
  affiliation_id?: number;
  valid_from?: Dayjs | null;
  valid_to?: Dayjs | null;
  pin: string;
  cards: string[];
  free: string[];
  gates: PermissionValue[];
  gate_groups: PermissionValue[];
}

const FIELDS = [
  'user_id',
  'name',
  'reading',
  'affiliation_id',
  'valid_from',
  'valid_to',
  'pin',
  'cards',
  'free',
  'gates',
  'gate_groups',
];
const DATE = 'YYYY-MM-DD';
const MAX_CARDS = 4;

const toPermissions = (items: PermissionValue[] = []): Permission[] =>
  items
    .filter((p): p is Required<PermissionValue> => p.target_id !== undefined)
    .map((p) => ({ target_id: p.target_id, level: p.level ?? 1 }));

function valuesOf(user: AccessUser | undefined, affiliationId?: number): Values {
  if (!user) {
    return {
      user_id: '',
      name: '',
      reading: '',
      affiliation_id: affiliationId,
      pin: '',
      cards: [],
      free: ['', '', ''],
      gates: [],
      gate_groups: [],
    };
  }
  return {
    user_id: user.user_id,
    name: user.name,
    reading: user.reading,
    affiliation_id: user.affiliation_id ?? undefined,
    valid_from: user.valid_from ? dayjs(user.valid_from, DATE) : null,
    valid_to: user.valid_to ? dayjs(user.valid_to, DATE) : null,
    pin: user.pin,
    cards: user.cards,
    free: [0, 1, 2].map((i) => user.free[i] ?? ''),
    gates: user.gates.map((p) => ({ target_id: p.target_id, level: p.level })),
    gate_groups: user.gate_groups.map((p) => ({ target_id: p.target_id, level: p.level })),
  };
}

function inputOf(values: Values): UserInput {
  return {
    user_id: values.user_id.trim(),
    name: values.name,
    reading: values.reading ?? '',
    affiliation_id: values.affiliation_id ?? null,
    valid_from: values.valid_from ? values.valid_from.format(DATE) : '',
    valid_to: values.valid_to ? values.valid_to.format(DATE) : '',
    pin: values.pin ?? '',
    cards: values.cards ?? [],
    free: (values.free ?? []).map((f) => f ?? ''),
    gates: toPermissions(values.gates),
    gate_groups: toPermissions(values.gate_groups),
  };
}

/** The detail pane of an access user: basic data, cards and PIN, permitted gates and groups. */
export function UserDetail({ target, affiliations, canEdit, onClose, onSaved, onDeleted }: Props) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const gates = useAllGates();
  const gateGroups = useGateGroups();
  const editId = target.kind === 'edit' ? target.id : undefined;
  // Lists leave permissions out, so the pane always reads the whole user.
  const loaded = useLoad(() => (editId === undefined ? Promise.resolve(undefined) : getUser(editId)), [editId]);
  const user = loaded.data;

  const affiliationTree = useMemo(() => buildAffiliationTree(affiliations), [affiliations]);
  const gateOptions: TargetOption[] = useMemo(
    () => gates.items.map((g) => ({ value: g.id, label: `${g.code} ${g.name}` })),
    [gates.items],
  );
  const groupOptions: TargetOption[] = useMemo(
    () => gateGroups.items.map((g) => ({ value: g.id, label: `${g.code} ${g.name}` })),
    [gateGroups.items],
  );

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const input = inputOf(values);
      const saved = editId === undefined ? await createUser(input) : await updateUser(editId, input);
      notify.success(t('saved'));
      onSaved(saved);
    } catch (error) {
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (editId === undefined) return;
    try {
      await deleteUser(editId);
      notify.success(t('deleted'));
      onDeleted();
    } catch (error) {
      notify.error(error);
    }
  };

  const ready = editId === undefined || (user !== undefined && !loaded.loading);
  const footer = canEdit && ready && (
    <Space>
      <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="user-save">
        {editId === undefined ? t('action.create') : t('action.save')}
      </Button>
      {editId !== undefined && (
        <Popconfirm title={t('users.deleteConfirm', { id: user?.user_id ?? '' })} onConfirm={remove}>
          <Button danger data-testid="user-delete">
            {t('action.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <DetailPane
      open
      testId="user-detail"
      title={editId === undefined ? t('users.new') : `${t('users.user')} ${user?.user_id ?? ''}`}
      onClose={onClose}
      footer={footer}
      width={640}
    >
      {loaded.error ? (
        <LoadError error={loaded.error} onRetry={loaded.reload} />
      ) : !ready ? (
        <Spin />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={!canEdit}
          initialValues={valuesOf(user, target.kind === 'create' ? target.affiliationId : undefined)}
          onFinish={save}
          data-testid="user-form"
        >
          <Divider orientation="left">{t('users.basic')}</Divider>
          <div className="form-grid">
            <Form.Item
              name="user_id"
              label={t('users.userId')}
              rules={[{ required: true, message: t('form.required') }, { max: 32 }]}
            >
              <Input data-testid="user-form-user-id" />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('users.name')}
              rules={[{ required: true, message: t('form.required') }, { max: 64 }]}
            >
              <Input data-testid="user-form-name" />
            </Form.Item>
          </div>
          <Form.Item name="reading" label={t('users.reading')} rules={[{ max: 64 }]}>
            <Input data-testid="user-form-reading" />
          </Form.Item>
          <Form.Item name="affiliation_id" label={t('users.affiliation')}>
            <TreeSelect
              treeData={affiliationTree}
              allowClear
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              data-testid="user-form-affiliation"
            />
          </Form.Item>
          <div className="form-grid">
            <Form.Item name="valid_from" label={t('users.validFrom')}>
              <DatePicker data-testid="user-form-valid-from" />
            </Form.Item>
            <Form.Item
              name="valid_to"
              label={t('users.validTo')}
              dependencies={['valid_from']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: Dayjs | null | undefined) => {
                    const from = getFieldValue('valid_from') as Dayjs | null | undefined;
                    return !value || !from || !value.isBefore(from, 'day')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('users.validOrder')));
                  },
                }),
              ]}
            >
              <DatePicker data-testid="user-form-valid-to" />
            </Form.Item>
          </div>

          <Divider orientation="left">{t('users.cardsAndPin')}</Divider>
          <Form.Item
            name="cards"
            label={t('users.cards')}
            extra={t('users.cardsHint', { max: MAX_CARDS })}
            rules={[
              {
                validator: (_, value: string[] | undefined) =>
                  (value ?? []).length <= MAX_CARDS
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('users.tooManyCards', { max: MAX_CARDS }))),
              },
            ]}
          >
            <Select mode="tags" open={false} tokenSeparators={[';', ',', ' ']} data-testid="user-form-cards" />
          </Form.Item>
          <Form.Item
            name="pin"
            label={t('users.pin')}
            rules={[{ pattern: /^(\d{4,8})?$/, message: t('users.pinRule') }]}
          >
            <Input.Password autoComplete="off" visibilityToggle data-testid="user-form-pin" />
          </Form.Item>

          <Divider orientation="left">{t('users.permittedGates')}</Divider>
          <PermissionList name="gates" targets={gateOptions} disabled={!canEdit} />
          <Divider orientation="left">{t('users.permittedGateGroups')}</Divider>
          <PermissionList name="gate_groups" targets={groupOptions} disabled={!canEdit} />

          <Divider orientation="left">{t('users.freeFields')}</Divider>
          {[0, 1, 2].map((i) => (
            <Form.Item key={i} name={['free', i]} label={t('users.free', { n: i + 1 })} rules={[{ max: 128 }]}>
              <Input />
            </Form.Item>
          ))}
        </Form>
      )}
    </DetailPane>
  );
}
