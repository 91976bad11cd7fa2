import type { Me, RightKey } from '../api/types';
import type { MessageKey } from '../i18n/en';
import { can } from '../session/rights';

export type ScreenKey =
  | 'history'
  | 'system-log'
  | 'user-setting-history'
  | 'users'
  | 'import'
  | 'gates'
  | 'gate-groups'
  | 'management-groups'
  | 'passback-areas'
  | 'affiliations'
  | 'operators'
  | 'calendars'
  | 'date-kinds'
  | 'schedules'
  | 'jobs';

export type NavSection = 'history' | 'users' | 'gates' | 'settings';

export interface ScreenSpec {
  key: ScreenKey;
  section: NavSection;
  title: MessageKey;
  /** Shown when the operator holds any of these at view or above. */
  rights: RightKey[];
}

/** The navigation bar of SPEC section 8: History, Access users, Gates, Settings. */
export const SCREENS: ScreenSpec[] = [
  { key: 'history', section: 'history', title: 'nav.history', rights: ['history'] },
  { key: 'system-log', section: 'history', title: 'nav.systemLog', rights: ['system_log'] },
  {
    key: 'user-setting-history',
    section: 'history',
    title: 'nav.userSettingHistory',
    rights: ['user_setting_history'],
  },
  { key: 'users', section: 'users', title: 'nav.users', rights: ['access_users'] },
  { key: 'import', section: 'users', title: 'nav.import', rights: ['access_user_import', 'affiliations'] },
  { key: 'gates', section: 'gates', title: 'nav.gates', rights: ['gates'] },
  { key: 'gate-groups', section: 'gates', title: 'nav.gateGroups', rights: ['gates'] },
  { key: 'management-groups', section: 'gates', title: 'nav.managementGroups', rights: ['management_groups'] },
  { key: 'passback-areas', section: 'gates', title: 'nav.passbackAreas', rights: ['global_anti_passback'] },
  { key: 'affiliations', section: 'settings', title: 'nav.affiliations', rights: ['affiliations'] },
  { key: 'operators', section: 'settings', title: 'nav.operators', rights: ['operators'] },
  { key: 'calendars', section: 'settings', title: 'nav.calendars', rights: ['calendars_schedules'] },
  { key: 'date-kinds', section: 'settings', title: 'nav.dateKinds', rights: ['calendars_schedules'] },
  { key: 'schedules', section: 'settings', title: 'nav.schedules', rights: ['calendars_schedules'] },
  { key: 'jobs', section: 'settings', title: 'nav.jobs', rights: ['calendars_schedules'] },
];

export const SECTION_TITLES: Record<NavSection, MessageKey> = {
  history: 'nav.section.history',
  users: 'nav.section.users',
  gates: 'nav.section.gates',
  settings: 'nav.section.settings',
};

export const allowedScreens = (me: Me): ScreenSpec[] =>
  SCREENS.filter((s) => s.rights.some((right) => can(me, right, 'view')));
