import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nContext';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { useSession } from '../../session/SessionContext';
import { useNotify } from '../../common/useNotify';

interface Props {
  setupRequired: boolean;
  expired: boolean;
}

export function LoginScreen({ setupRequired, expired }: Props) {
  const t = useT();
  const notify = useNotify();
  const { login } = useSession();
  const [busy, setBusy] = useState(false);

  const submit = async (values: { login_id: string; password: string }) => {
    setBusy(true);
    try {
      await login(values.login_id, values.password);
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="centred-page" data-testid="login-page">
      <Card className="centred-page__card" title={t('app.name')} extra={<LanguageSwitch />}>
        {setupRequired && (
          <Alert
            type="warning"
            showIcon
            className="centred-page__notice"
            message={t('login.setupRequired')}
            description={
              <>
                {t('login.setupHint')}
                <div>
                  <Typography.Text code>monban operators bootstrap</Typography.Text>
                </div>
              </>
            }
            data-testid="setup-notice"
          />
        )}
        {expired && <Alert type="info" showIcon className="centred-page__notice" message={t('login.expired')} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
          <Form.Item
            name="login_id"
            label={t('login.loginId')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-id" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
