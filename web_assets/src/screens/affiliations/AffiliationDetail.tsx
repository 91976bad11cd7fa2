import { useMemo, useState } from 'react';
import { App, Button, Checkbox, Form, Input, Space, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { createAffiliation, deleteAffiliation, updateAffiliation, type AffiliationInput } from '../../api/affiliations';
import type { Affiliation } from '../../api/types';
import { buildAffiliationTree, subtreeIds } from '../../data/affiliationTree';
import { useT } from '../../i18n/I18nContext';
import { DetailPane } from '../../layout/DetailPane';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { formatTime } from '../../common/format';

export type AffiliationTarget = { kind: 'create'; parentId: number | null } | { kind: 'edit'; id: number };

interface Props {
  target: AffiliationTarget;
  affiliations: Affiliation[];
  canEdit: boolean;
  onClose: () => void;
  onSaved: (a: Affiliation) => void;
  onDeleted: () => void;
  onAddChild: (parentId: number) => void;
}

interface Values {
  code: string;
  name: string;
  parent_id?: number;
}

const FIELDS = ['code', 'name', 'parent_id'];
// docs/csv-formats.md: 1-32 of A-Z a-z 0-9 _ . -
const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;

/** Create, rename, move (by choosing another parent) or delete one affiliation. */
export function AffiliationDetail(props: Props) {
  const { target, affiliations, canEdit } = props;
  const t = useT();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const current = target.kind === 'edit' ? affiliations.find((a) => a.id === target.id) : undefined;

  // A unit cannot move under itself or under one of its own sub-units.
  const parentTree = useMemo(() => {
    const own = current ? subtreeIds(affiliations, current.id) : new Set<number>();
    return buildAffiliationTree(affiliations, (a) => own.has(a.id));
  }, [affiliations, current]);

  const save = async (values: Values) => {
    const input: AffiliationInput = {
      code: values.code.trim(),
      name: values.name,
      parent_id: values.parent_id ?? null,
    };
    setBusy(true);
    try {
      const saved = current ? await updateAffiliation(current.id, input) : await createAffiliation(input);
      notify.success(t('saved'));
      props.onSaved(saved);
    } catch (error) {
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  const confirmDelete = () => {
    if (!current) return;
    let withSubtree = false;
    modal.confirm({
      title: t('affiliations.deleteTitle', { name: current.name }),
      content: (
        <Checkbox onChange={(e) => (withSubtree = e.target.checked)} data-testid="affiliation-delete-subtree">
          {t('affiliations.withSubtree')}
        </Checkbox>
      ),
      okText: t('action.delete'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await deleteAffiliation(current.id, withSubtree);
          notify.success(t('deleted'));
          props.onDeleted();
        } catch (error) {
          notify.error(error);
        }
      },
    });
  };

  if (target.kind === 'edit' && !current) return null;

  const initial: Values = current
    ? { code: current.code, name: current.name, parent_id: current.parent_id ?? undefined }
    : { code: '', name: '', parent_id: target.kind === 'create' ? (target.parentId ?? undefined) : undefined };

  const footer = canEdit && (
    <Space>
      <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="affiliation-save">
        {current ? t('action.save') : t('action.create')}
      </Button>
      {current && (
        <>
          <Button
            icon={<PlusOutlined />}
            onClick={() => props.onAddChild(current.id)}
            data-testid="affiliation-add-child"
          >
            {t('affiliations.addChild')}
          </Button>
          <Button danger onClick={confirmDelete} data-testid="affiliation-delete">
            {t('action.delete')}
          </Button>
        </>
      )}
    </Space>
  );

  return (
    <DetailPane
      open
      testId="affiliation-detail"
      title={current ? current.name : t('affiliations.new')}
      onClose={props.onClose}
      footer={footer}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={initial}
        onFinish={save}
        data-testid="affiliation-form"
      >
        <Form.Item
          name="code"
          label={t('affiliations.code')}
          rules={[
            { required: true, message: t('form.required') },
            { pattern: CODE_PATTERN, message: t('affiliations.codeRule') },
          ]}
        >
          <Input data-testid="affiliation-form-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('affiliations.name')}
          rules={[{ required: true, message: t('form.required') }, { max: 64 }]}
        >
          <Input data-testid="affiliation-form-name" />
        </Form.Item>
        <Form.Item name="parent_id" label={t('affiliations.parent')} extra={t('affiliations.parentHint')}>
          <TreeSelect
            treeData={parentTree}
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            placeholder={t('affiliations.topLevel')}
            data-testid="affiliation-form-parent"
          />
        </Form.Item>
      </Form>
      {current && (
        <Typography.Text type="secondary">
          {t('affiliations.depth', { depth: current.depth })} · {t('updatedAt')} {formatTime(current.updated_at_ms)}
        </Typography.Text>
      )}
    </DetailPane>
  );
}
