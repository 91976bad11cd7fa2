import { useMemo } from 'react';
import { App, type FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { Problem } from '../api/types';
import { useT, type Translate } from '../i18n/I18nContext';

export function problemText(problem: Problem): string {
  const value = problem.value ? ` "${problem.value}"` : '';
  return `${problem.field}${value}: ${problem.reason}`;
}

function titleOf(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 0) return t('error.network', { detail: error.message });
  if (error.code === 'throttled' && error.retryAfterS) {
    return `${error.message} (${t('error.retryAfter', { seconds: error.retryAfterS })})`;
  }
  return error.message;
}

/** Shows API errors (message and each problem) and confirmations through antd's App. */
export function useNotify() {
  const { notification, message } = App.useApp();
  const t = useT();
  return useMemo(
    () => ({
      error(error: unknown) {
        const problems = error instanceof ApiError ? error.problems : [];
        notification.error({
          message: titleOf(error, t),
          description: problems.length ? (
            <ul className="problem-list">
              {problems.map((p, i) => (
                <li key={i}>{problemText(p)}</li>
              ))}
            </ul>
          ) : undefined,
          duration: 8,
        });
      },
      success(text: string) {
        message.success(text);
      },
    }),
    [notification, message, t],
  );
}

/**
 * Puts each problem of an `invalid` answer under the form field it names ("cards[1]" → "cards"),
 * so the operator sees where to fix.
 */
export function showProblemsInForm(form: FormInstance, error: unknown, fields: readonly string[]): void {
  if (!(error instanceof ApiError)) return;
  const byField = new Map<string, string[]>();
  for (const problem of error.problems) {
    const name = problem.field.split(/[.[]/)[0];
    if (!fields.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), problem.reason]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
}
