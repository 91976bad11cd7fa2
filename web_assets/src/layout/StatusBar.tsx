import { Badge, Button, Space, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { getHealth } from '../api/health';
import { useLoad } from '../common/useLoad';
import { useI18n } from '../i18n/I18nContext';
import { useLive, type Connection } from '../live/LiveEvents';
import { useMe, useSession } from '../session/SessionContext';
import { LanguageSwitch } from './LanguageSwitch';

const badge: Record<Connection, 'success' | 'processing' | 'error'> = {
  open: 'success',
  connecting: 'processing',
  closed: 'error',
};

/** The top bar: product, live-connection state, operator, language, logout. */
export function StatusBar() {
  const { t } = useI18n();
  const { logout } = useSession();
  const { connection } = useLive();
  const me = useMe();
  // The system name tells apart installations (production, test) open side by side.
  const systemName = useLoad(getHealth, []).data?.system_name;

  return (
    <div className="status-bar" data-testid="status-bar">
      <span>
        <Typography.Text className="status-bar__product" strong>
          {t('app.name')}
        </Typography.Text>
        {systemName && (
          <span className="status-bar__text status-bar__system" data-testid="system-name">
            {systemName}
          </span>
        )}
      </span>
      <Space size="large">
        <span data-testid="live-state" data-state={connection}>
          <Badge status={badge[connection]} text={t(`live.${connection}`)} className="status-bar__live" />
        </span>
        <span data-testid="operator-name" className="status-bar__text">
          <UserOutlined /> {me.display_name || me.login_id}
        </span>
        <LanguageSwitch />
        <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
          {t('action.logout')}
        </Button>
      </Space>
    </div>
  );
}
