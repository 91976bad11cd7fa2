import { Menu, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  HistoryOutlined,
  ImportOutlined,
  KeyOutlined,
  RetweetOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useT } from '../i18n/I18nContext';
import { SECTION_TITLES, type ScreenKey, type ScreenSpec } from './screens';

const icons: Record<ScreenKey, ReactNode> = {
  'history': <HistoryOutlined />,
  'system-log': <FileTextOutlined />,
  'user-setting-history': <AuditOutlined />,
  'users': <TeamOutlined />,
  'import': <ImportOutlined />,
  'gates': <KeyOutlined />,
  'gate-groups': <ClusterOutlined />,
  'management-groups': <DatabaseOutlined />,
  'passback-areas': <RetweetOutlined />,
  'affiliations': <ApartmentOutlined />,
  'operators': <SafetyOutlined />,
  'calendars': <CalendarOutlined />,
  'date-kinds': <TagsOutlined />,
  'schedules': <ScheduleOutlined />,
  'jobs': <FieldTimeOutlined />,
};

interface Props {
  screens: ScreenSpec[];
  current: ScreenKey;
  onSelect: (key: ScreenKey) => void;
}

/** The left menu: one group per section, only the screens the operator's rights allow. */
export function NavBar({ screens, current, onSelect }: Props) {
  const t = useT();
  const sections = [...new Set(screens.map((s) => s.section))];
  const items: MenuProps['items'] = sections.map((section) => ({
    type: 'group',
    key: section,
    label: t(SECTION_TITLES[section]),
    children: screens
      .filter((s) => s.section === section)
      .map((s) => ({
        key: s.key,
        icon: icons[s.key],
        label: <span data-testid={`nav-${s.key}`}>{t(s.title)}</span>,
      })),
  }));

  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[current]}
      onClick={({ key }) => onSelect(key as ScreenKey)}
      className="nav-bar"
      data-testid="nav"
    />
  );
}
