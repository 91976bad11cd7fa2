import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useT } from '../../i18n/I18nContext';
import { useSession } from '../../session/SessionContext';
import { useNotify } from '../../common/useNotify';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../session/passwordRule';

interface Values {
  current_password: string;
  new_password: string;
  confirm: string;
}

/** Shown instead of everything else while the one-time password must be replaced. */
export function PasswordChangeScreen() {
  const t = useT();
  const notify = useNotify();
  const { changePassword, logout } = useSession();
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      await changePassword(values.current_password, values.new_password);
      notify.success(t('password.changed'));
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="centred-page" data-testid="password-change-page">
      <Card className="centred-page__card" title={t('password.title')}>
        <Alert type="warning" showIcon className="centred-page__notice" message={t('password.required')} />
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="current_password"
            label={t('password.current')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item
            name="new_password"
            label={t('password.new')}
            extra={t('password.rule', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
            rules={[
              { required: true, message: t('form.required') },
              {
                min: PASSWORD_MIN,
                max: PASSWORD_MAX,
                message: t('password.rule', { min: PASSWORD_MIN, max: PASSWORD_MAX }),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['new_password']}
            rules={[
              { required: true, message: t('form.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('new_password')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="password-submit">
            {t('password.submit')}
          </Button>
          <Button type="link" block onClick={() => void logout()}>
            {t('action.logout')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
