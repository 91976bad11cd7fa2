import type { Level, Me, OperatorType, RightKey } from '../api/types';

const rank: Record<Level, number> = { none: 0, view: 1, edit: 2 };

/** Whether the operator holds `right` at `needed` or above (edit includes view). */
export function can(me: Me, right: RightKey, needed: Exclude<Level, 'none'>): boolean {
  return rank[me.rights[right] ?? 'none'] >= rank[needed];
}

/** The defaults of SPEC section 3 (seed table 6); "fixed" rights cannot be changed. */
const table: Record<RightKey, { general: Level; system: Level; fixed: boolean }> = {
  history: { general: 'edit', system: 'edit', fixed: false },
  access_users: { general: 'edit', system: 'edit', fixed: false },
  access_user_import: { general: 'none', system: 'edit', fixed: false },
  finger_vein_import: { general: 'edit', system: 'edit', fixed: false },
  gates: { general: 'edit', system: 'edit', fixed: false },
  management_groups: { general: 'none', system: 'edit', fixed: true },
  affiliations: { general: 'none', system: 'edit', fixed: true },
  operators: { general: 'none', system: 'edit', fixed: true },
  calendars_schedules: { general: 'none', system: 'edit', fixed: false },
  data_interface: { general: 'none', system: 'edit', fixed: false },
  permission_transfer: { general: 'none', system: 'edit', fixed: false },
  calendar_schedule_transfer: { general: 'none', system: 'edit', fixed: true },
  system_log: { general: 'none', system: 'edit', fixed: false },
  user_setting_history: { general: 'none', system: 'edit', fixed: true },
  system_management: { general: 'none', system: 'edit', fixed: false },
  gate_parameters: { general: 'edit', system: 'edit', fixed: false },
  ic_card_parameters: { general: 'none', system: 'edit', fixed: false },
  global_anti_passback: { general: 'edit', system: 'edit', fixed: false },
  mutual_auth_password: { general: 'none', system: 'edit', fixed: false },
};

export function defaultLevel(type: OperatorType, right: RightKey): Level {
  return type === 'system_administrator' ? table[right].system : table[right].general;
}

export const isFixedRight = (right: RightKey): boolean => table[right].fixed;
