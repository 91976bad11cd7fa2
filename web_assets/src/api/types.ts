// The objects of docs/api.md, field for field.

export type Level = 'none' | 'view' | 'edit';

export const RIGHT_KEYS = [
  'history',
  'access_users',
  'access_user_import',
  'finger_vein_import',
  'gates',
  'management_groups',
  'affiliations',
  'operators',
  'calendars_schedules',
  'data_interface',
  'permission_transfer',
  'calendar_schedule_transfer',
  'system_log',
  'user_setting_history',
  'system_management',
  'gate_parameters',
  'ic_card_parameters',
  'global_anti_passback',
  'mutual_auth_password',
] as const;

export type RightKey = (typeof RIGHT_KEYS)[number];
export type Rights = Partial<Record<RightKey, Level>>;

export type OperatorType = 'general_administrator' | 'system_administrator';

export interface Me {
  id: number;
  login_id: string;
  display_name: string;
  type: OperatorType;
  rights: Rights;
  all_management_groups: boolean;
  management_groups: number[];
  all_affiliations: boolean;
  affiliations: number[];
}

export interface SessionInfo {
  operator: Me;
  csrf_token: string;
  password_change_required: boolean;
  idle_expires_at_ms?: number;
  absolute_expires_at_ms?: number;
}

export interface Problem {
  field: string;
  value: string;
  reason: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string;
  total?: number;
}

export interface Items<T> {
  items: T[];
}

export interface ManagementGroup {
  id: number;
  code: string;
  name: string;
  description: string;
  calendar_id: number | null;
  updated_at_ms: number;
}

export type LockState = 'locked' | 'unlocked';
export type GuardState = 'armed' | 'disarmed';
export const VERIFICATION_MODES = [
  'card',
  'card_and_pin',
  'card_or_pin',
  'finger_vein',
  'card_and_finger_vein',
] as const;
export type VerificationMode = (typeof VERIFICATION_MODES)[number];
export const UNLOCK_MODES = ['schedule', 'always_unlocked', 'always_locked'] as const;
export type UnlockMode = (typeof UNLOCK_MODES)[number];

export interface Gate {
  id: number;
  code: string;
  name: string;
  management_group_id: number;
  controller_address: string;
  entry_reader: string;
  exit_reader: string;
  lock_state: LockState;
  guard_state: GuardState;
  verification_mode: VerificationMode;
  unlock_mode: UnlockMode;
  updated_at_ms: number;
}

export interface GateGroup {
  id: number;
  code: string;
  name: string;
  description: string;
  gate_ids: number[];
  updated_at_ms: number;
}

export interface Affiliation {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  depth: number;
  path: string;
  updated_at_ms: number;
}

export interface Permission {
  target_id?: number;
  target_code?: string;
  level: number;
}

export interface AccessUser {
  id: number;
  user_id: string;
  name: string;
  reading: string;
  affiliation_id: number | null;
  affiliation_code: string;
  valid_from: string;
  valid_to: string;
  pin: string;
  free: string[];
  cards: string[];
  gates: Permission[];
  gate_groups: Permission[];
  updated_at_ms: number;
}

export interface Operator {
  id: number;
  login_id: string;
  display_name: string;
  type: OperatorType;
  rights: Rights;
  all_management_groups: boolean;
  management_groups: number[];
  all_affiliations: boolean;
  affiliations: number[];
  disabled: boolean;
  updated_at_ms: number;
  /** Only when creating: 12-128 characters. */
  password?: string;
}

export interface SavedSearch {
  id: number;
  name: string;
  conditions: string;
}

export const HISTORY_KINDS = ['access', 'alarm', 'gate_operation', 'gate_management'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export interface HistoryRecord {
  id: number;
  kind: HistoryKind;
  occurred_at_ms: number;
  received_at_ms: number;
  controller_id: number;
  event_seq: number;
  gate_id: number | null;
  management_group_id: number | null;
  user_id: string;
  user_name: string;
  affiliation_id: number | null;
  card_data: string;
  direction: 'none' | 'entry' | 'exit';
  code: string;
  detail: string;
  clock_skewed: boolean;
  gap: boolean;
}

export interface SystemLogEntry {
  id: number;
  at_ms: number;
  actor: string;
  category: string;
  action: string;
  outcome: string;
  detail: string;
}

export interface UserSettingEntry {
  id: number;
  at_ms: number;
  actor: string;
  action: string;
  target_kind: string;
  target_key: string;
  before: string;
  after: string;
}

export type ImportKind = 'users' | 'affiliations';
export type ImportEncoding = 'auto' | 'utf-8' | 'shift_jis';

export interface ImportRow {
  line: number;
  key: string;
  outcome: 'added' | 'changed' | 'deleted' | 'failed';
  problems: Problem[];
}

export interface ImportReport {
  dry_run: boolean;
  applied: boolean;
  added: number;
  changed: number;
  deleted: number;
  failed: number;
  rows: ImportRow[];
}

export interface ImportJob {
  id: string | number;
  kind?: string;
  state: 'running' | 'done' | 'failed';
  done?: number;
  total?: number;
  error?: string;
  report?: ImportReport;
}

export type ChangeTopic = 'users' | 'affiliations' | 'gates' | 'gate_groups' | 'management_groups' | 'operators';

export interface GateStateEvent {
  gate_id: number;
  lock_state?: LockState;
  guard_state?: GuardState;
  [more: string]: unknown;
}
