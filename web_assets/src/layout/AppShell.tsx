import { useEffect, type ComponentType } from 'react';
import { Layout, Result } from 'antd';
import { useT } from '../i18n/I18nContext';
import { useMe } from '../session/SessionContext';
import { AffiliationsScreen } from '../screens/affiliations/AffiliationsScreen';
import { CalendarsScreen } from '../screens/calendars/CalendarsScreen';
import { DateKindsScreen } from '../screens/calendars/DateKindsScreen';
import { GateGroupsScreen } from '../screens/gateGroups/GateGroupsScreen';
import { GatesScreen } from '../screens/gates/GatesScreen';
import { HistoryScreen } from '../screens/history/HistoryScreen';
import { ImportScreen } from '../screens/import/ImportScreen';
import { JobsScreen } from '../screens/jobs/JobsScreen';
import { SystemLogScreen } from '../screens/logs/SystemLogScreen';
import { UserSettingHistoryScreen } from '../screens/logs/UserSettingHistoryScreen';
import { ManagementGroupsScreen } from '../screens/managementGroups/ManagementGroupsScreen';
import { OperatorsScreen } from '../screens/operators/OperatorsScreen';
import { PassbackAreasScreen } from '../screens/passbackAreas/PassbackAreasScreen';
import { SchedulesScreen } from '../screens/schedules/SchedulesScreen';
import { UsersScreen } from '../screens/users/UsersScreen';
import { NavBar } from './NavBar';
import { allowedScreens, type ScreenKey } from './screens';
import { StatusBar } from './StatusBar';
import { useHashRoute } from './useHashRoute';

const components: Record<ScreenKey, ComponentType> = {
  'history': HistoryScreen,
  'system-log': SystemLogScreen,
  'user-setting-history': UserSettingHistoryScreen,
  'users': UsersScreen,
  'import': ImportScreen,
  'gates': GatesScreen,
  'gate-groups': GateGroupsScreen,
  'management-groups': ManagementGroupsScreen,
  'passback-areas': PassbackAreasScreen,
  'affiliations': AffiliationsScreen,
  'operators': OperatorsScreen,
  'calendars': CalendarsScreen,
  'date-kinds': DateKindsScreen,
  'schedules': SchedulesScreen,
  'jobs': JobsScreen,
};

/** Status bar on top, navigation bar on the left, the current screen in the rest. */
export function AppShell() {
  const t = useT();
  const me = useMe();
  const [route, navigate] = useHashRoute();
  const screens = allowedScreens(me);
  const current = screens.find((s) => s.key === route);

  // An unknown or forbidden address (an old bookmark) goes to the first screen allowed; the
  // users list is the usual home.
  const home = screens.find((s) => s.key === 'users') ?? screens[0];
  useEffect(() => {
    if (!current && home) navigate(home.key);
  }, [current, home, navigate]);

  const Screen = current ? components[current.key] : undefined;
  return (
    <Layout className="app">
      <Layout.Header className="app__header">
        <StatusBar />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" className="app__nav" breakpoint="lg" collapsedWidth={0}>
          <NavBar screens={screens} current={current?.key ?? 'users'} onSelect={navigate} />
        </Layout.Sider>
        <Layout.Content className="app__content">
          {Screen ? (
            // A key per screen: leaving a screen drops its state, as a page change would.
            <Screen key={current?.key} />
          ) : (
            !home && (
              <div data-testid="no-screens">
                <Result status="403" title={t('error.noScreens')} />
              </div>
            )
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
