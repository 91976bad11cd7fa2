import { useState } from 'react';
import { Button, Form, Input, Modal } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { setOperatorPassword } from '../../api/operators';
import { useT } from '../../i18n/I18nContext';
import { useNotify } from '../../common/useNotify';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../session/passwordRule';

/** Sets another operator's password (a reset: that operator must change it at next login). */
export function SetPasswordButton({ operatorId }: { operatorId: number }) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<{ password: string }>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    try {
      await setOperatorPassword(operatorId, password);
      notify.success(t('operators.passwordSet'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<KeyOutlined />} onClick={() => setOpen(true)} data-testid="operator-set-password">
        {t('operators.setPassword')}
      </Button>
      <Modal
        open={open}
        title={t('operators.setPassword')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="password"
            label={t('password.new')}
            rules={[
              { required: true, message: t('form.required') },
              {
                min: PASSWORD_MIN,
                max: PASSWORD_MAX,
                message: t('password.rule', { min: PASSWORD_MIN, max: PASSWORD_MAX }),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
