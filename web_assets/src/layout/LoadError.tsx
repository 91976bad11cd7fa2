import { Alert, Button, Result } from 'antd';
import type { ApiError } from '../api/client';
import { useT } from '../i18n/I18nContext';

/** What a screen shows instead of its list when loading failed; 403 gets its own page. */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const t = useT();
  if (error.status === 403) {
    return (
      <div data-testid="forbidden">
        <Result status="403" title={t('error.forbiddenTitle')} subTitle={error.message} />
      </div>
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      message={error.message}
      action={<Button onClick={onRetry}>{t('action.retry')}</Button>}
      data-testid="load-error"
    />
  );
}
