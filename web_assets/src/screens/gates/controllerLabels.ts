import {
  DECISION_CODES,
  UNLOCK_MODES,
  VERIFICATION_MODES,
  type ControllerTable,
  type DecisionCode,
  type UnlockMode,
  type VerificationMode,
} from '../../api/types';
import type { MessageKey } from '../../i18n/en';
import type { Translate } from '../../i18n/I18nContext';

// The names the server gives its tables (and those of the transfer route's `tables`).
const TABLE_KEYS: Record<string, MessageKey> = {
  'permissions': 'controller.table.permissions',
  'calendar': 'controller.table.calendar',
  'schedule': 'controller.table.schedule',
  'gate parameters': 'controller.table.gate_parameters',
  'gate_parameters': 'controller.table.gate_parameters',
  'IC-card parameters': 'controller.table.card_parameters',
  'card_parameters': 'controller.table.card_parameters',
};

/** A table's name in the operator's language; an unknown one as the server named it. */
export function tableLabel(t: Translate, table: string): string {
  const key = TABLE_KEYS[table];
  return key ? t(key) : table;
}

/** "IC-card parameters" → "ic-card-parameters", for test ids. */
export const tableSlug = (table: string) =>
  table
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export type TableStatus = 'pending' | 'applied' | 'none';

/** Pending while a version is sent and not acknowledged; applied only once acknowledged. */
export function tableStatus(table: ControllerTable): TableStatus {
  if (table.pending_version !== undefined && table.pending_version !== null) return 'pending';
  return table.applied_version === null || table.applied_version === undefined ? 'none' : 'applied';
}

export function decisionLabel(t: Translate, code: string): string {
  return (DECISION_CODES as readonly string[]).includes(code) ? t(`explain.decision.${code as DecisionCode}`) : code;
}

/** The controller reports its modes as text; the known ones in the operator's language. */
export function verificationLabel(t: Translate, mode: string | undefined): string {
  if (!mode) return '';
  return (VERIFICATION_MODES as readonly string[]).includes(mode)
    ? t(`gates.verification.${mode as VerificationMode}`)
    : mode;
}

export function unlockModeLabel(t: Translate, mode: string | undefined): string {
  if (!mode) return '';
  return (UNLOCK_MODES as readonly string[]).includes(mode) ? t(`gates.unlock.${mode as UnlockMode}`) : mode;
}
