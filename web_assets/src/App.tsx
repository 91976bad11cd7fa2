import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import jaJP from 'antd/locale/ja_JP';
import { useI18n } from './i18n/I18nContext';
import { AppShell } from './layout/AppShell';
import { LiveEventsProvider } from './live/LiveEvents';
import { LoginScreen } from './screens/session/LoginScreen';
import { PasswordChangeScreen } from './screens/session/PasswordChangeScreen';
import { useSession } from './session/SessionContext';

function Body() {
  const { state, verify } = useSession();
  switch (state.status) {
    case 'loading':
      return <Spin size="large" className="centred-page" />;
    case 'anonymous':
      return <LoginScreen setupRequired={state.setupRequired} expired={state.expired} />;
    case 'password_change':
      return <PasswordChangeScreen />;
    case 'ready':
      // The event stream needs a working session, so it starts only now.
      return (
        <LiveEventsProvider onRefused={() => void verify()}>
          <AppShell />
        </LiveEventsProvider>
      );
  }
}

export function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'ja' ? jaJP : enUS}>
      <AntApp>
        <Body />
      </AntApp>
    </ConfigProvider>
  );
}
