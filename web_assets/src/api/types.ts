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
  /** Seconds the lock stays released after a granted credential, 1-600. */
  door_open_seconds: number;
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

export const DATE_KIND_CLASSES = ['weekday', 'holiday', 'special'] as const;
export type DateKindClass = (typeof DATE_KIND_CLASSES)[number];

export interface DateKind {
  id: number;
  code: string;
  name: string;
  class: DateKindClass;
  updated_at_ms: number;
}

/** A date that has the same date kind every year (New Year's Day…). */
export interface AnnualDay {
  month: number;
  day: number;
  name: string;
  date_kind_id: number;
}

export interface Calendar {
  id: number;
  name: string;
  template: boolean;
  /** The date kind of each weekday, Monday first. */
  weekly: number[];
  management_group_ids: number[];
  updated_at_ms: number;
}

/** Where a date's kind comes from: an explicit day, an annual fixed day, or the weekly pattern. */
export type DaySource = 'day' | 'annual' | 'weekly';

export interface CalendarDay {
  date: string;
  date_kind_id: number;
  source: DaySource;
}

export interface CalendarDetail extends Calendar {
  viewable_from: string;
  viewable_to: string;
  editable_from: string;
  editable_to: string;
  days: CalendarDay[];
}

export interface CalendarDayChange {
  date: string;
  /** null removes the explicit day: the annual fixed day or the weekly pattern applies again. */
  date_kind_id: number | null;
}

export interface ICalImportResult {
  applied: number;
  skipped: number;
  calendar: CalendarDetail;
}

export const DOOR_MODES = ['card', 'unlocked', 'no_entry'] as const;
export type DoorMode = (typeof DOOR_MODES)[number];

/** A time band of a schedule: from `start` up to `end` ("24:00" is the end of the day). */
export interface TimeBand {
  date_kind_id: number;
  start: string;
  end: string;
  door_mode: DoorMode;
  passable_level: number;
  verification_mode: VerificationMode;
}

export interface Schedule {
  id: number;
  code: string;
  name: string;
  description: string;
  gate_ids: number[];
  bands: TimeBand[];
  updated_at_ms: number;
}

/** How a gate works at one moment, and why. */
export interface GateModeAnswer {
  gate_id: number;
  at: string;
  local_date: string;
  date_kind_id: number;
  calendar_id: number;
  schedule_id: number | null;
  door_mode: DoorMode;
  passable_level: number;
  verification_mode: VerificationMode;
  band: { start: string; end: string } | null;
  reason: string;
}

export type JobOutcome = 'ok' | 'failed' | 'skipped' | 'running';
export type MissedRunPolicy = 'run_once' | 'skip';
export type JobTrigger = 'schedule' | 'manual' | 'missed';

export interface JobLastRun {
  started_ms: number;
  ended_ms: number;
  outcome: JobOutcome;
  message: string;
}

/** A job is named by its plugin: the API does not say whether that is a number or a text. */
export type JobId = string | number;

export interface Job {
  id: JobId;
  title: string;
  plugin: string;
  schedule: string;
  missed_run: MissedRunPolicy;
  next_run_ms: number;
  running: boolean;
  overdue: boolean;
  last_run: JobLastRun | null;
}

export interface JobRun {
  id: number;
  job_id: JobId;
  trigger: JobTrigger;
  started_ms: number;
  ended_ms: number;
  outcome: JobOutcome;
  message: string;
}

export type ChangeTopic =
  | 'users'
  | 'affiliations'
  | 'gates'
  | 'gate_groups'
  | 'management_groups'
  | 'operators'
  | 'calendars'
  | 'schedules'
  | 'jobs';

export interface GateStateEvent {
  gate_id: number;
  lock_state?: LockState;
  guard_state?: GuardState;
  [more: string]: unknown;
}

// The gate plugin's controller routes (docs/api.md, docs/gate.md).

export type DoorState = 'closed' | 'open' | 'held_open' | 'forced_open';
export type ReaderState = 'ok' | 'fault' | 'no_communication';

/** One table as a controller holds it: applied only once the controller acknowledged it. */
export interface ControllerTable {
  /** "permissions", "calendar", "schedule", "gate parameters", "IC-card parameters". */
  table: string;
  /** The version the controller acknowledged; null when it holds none. */
  applied_version: number | null;
  digest?: string;
  entries?: number;
  /** A version sent and not yet acknowledged. */
  pending_version?: number;
}

/** A gate's controller as the gate plugin last saw it. The status fields come with a status report. */
export interface ControllerState {
  gate_id: number;
  code: string;
  name: string;
  address: string;
  online: boolean;
  reached_since_start: boolean;
  last_seen_ms: number;
  lock_state?: LockState;
  guard_state?: GuardState;
  door?: DoorState;
  alarms?: string[];
  unlock_mode?: string;
  verification_mode?: string;
  /** Only when the plugin reports the readers' state. */
  entry_reader?: ReaderState;
  exit_reader?: ReaderState;
  clock_offset_ms?: number;
  buffered_events?: number;
  boot_count?: number;
  tables: ControllerTable[];
}

export interface ControllerList {
  items: ControllerState[];
  /** Frame and event counters of the plugin's link. */
  link: Record<string, number>;
}

export const CONTROLLER_COMMANDS = ['unlock', 'lock', 'arm', 'disarm', 'verification_mode', 'unlock_mode'] as const;
export type ControllerCommand = (typeof CONTROLLER_COMMANDS)[number];

/** What one controller did: a command, a poll, a transfer or a verification. */
export interface ControllerOutcome {
  gate_id: number;
  ok: boolean;
  message: string;
}

export interface ControllerOutcomes {
  items: ControllerOutcome[];
  /** Absent when no gate was asked. */
  elapsed_ms?: number;
}

export const DECISION_CODES = [
  'granted',
  'granted_unlocked',
  'denied_no_entry',
  'denied_no_permission',
  'denied_not_yet_valid',
  'denied_expired',
  'denied_time_band',
  'denied_pin_required',
  'denied_wrong_pin',
  'denied_passback',
] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

/** Would this card open the gate at that time: the one access decision over the tables it should hold. */
export interface ExplainAnswer {
  gate_id: number;
  card: string;
  at: string;
  granted: boolean;
  /** One of DECISION_CODES; a newer server may add others. */
  code: string;
  reason: string;
  door_mode: DoorMode;
  passable_level: number;
  user_ref?: number;
  note?: string;
}

// Controller → server: the parameter tables a controller holds, compared with the database.

/** A parameter's value as the controller or the server gives it. */
export type ParameterValue = string | number | boolean | null;

export const GATE_PARAMETER_NAMES = [
  'unlock_mode',
  'verification_mode',
  'entry_reader',
  'exit_reader',
  'anti_passback',
  'anti_passback_area',
  'door_open_seconds',
] as const;
export const CARD_PARAMETER_NAMES = ['card_type', 'card_source', 'card_offset', 'card_length'] as const;
export type ParameterName = (typeof GATE_PARAMETER_NAMES)[number] | (typeof CARD_PARAMETER_NAMES)[number];

export interface ParameterField {
  /** One of GATE_PARAMETER_NAMES or CARD_PARAMETER_NAMES; a newer server may add others. */
  name: string;
  controller: ParameterValue;
  server: ParameterValue;
  differs: boolean;
  /** Where the server's value lives when it is not the gate's record ("gate.ini", …): adopt leaves it. */
  kept_in?: string;
}

export interface ParameterComparison {
  gate_id: number;
  table: 'gate_parameters' | 'card_parameters';
  fields: ParameterField[];
  /** The names of the fields that differ. */
  differs: string[];
}

export interface AdoptAnswer {
  gate_id: number;
  /** The fields now in the gate's record as the controller held them. */
  adopted: string[];
  /** Differing fields kept elsewhere than the gate's record, left as they are. */
  not_adopted: Required<Omit<ParameterField, 'differs'>>[];
}

/** A global anti-passback area (gate plugin): a user who entered through one of its gates leaves through one. */
export interface PassbackArea {
  code: string;
  name: string;
  /** `code` is empty for a gate the plugin no longer knows. */
  gates: { id: number; code: string }[];
}

/** `GET /api/v1/gates/{id}/anti-passback` (gate plugin): the gate's own anti-passback and its area. */
export interface GatePassback {
  gate_id: number;
  /** Anti-passback of this gate alone; the gate's area, when it has one, decides instead. */
  own: boolean;
  /** The global anti-passback area the gate is in. */
  area: { code: string; name: string } | null;
  /** What the gate's controller applies: the area's, else the gate's own, else none. */
  enforced: boolean;
}
