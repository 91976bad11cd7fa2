import { Button, Popconfirm, Space } from 'antd';
import type { ReactNode } from 'react';
import { useNotify } from '../common/useNotify';
import { useT } from '../i18n/I18nContext';

interface Props<T> {
  /** The record shown; undefined for a new one ("Create" and no "Delete"). */
  record: T | undefined;
  /** Its name in the confirmation, `Delete "{name}"?`. */
  name: (record: T) => string;
  busy: boolean;
  /** Submits the pane's form. */
  onSave: () => void;
  /** Deletes the record at the server. */
  onDelete: (record: T) => Promise<unknown>;
  /** Runs once the server has deleted it (close the pane, reload the list). */
  onDeleted: () => void;
  /** Test ids are `<prefix>-save` and `<prefix>-delete`. */
  testIdPrefix: string;
  /** More buttons, between "Save" and "Delete". */
  children?: ReactNode;
}

/**
 * The footer of a detail pane: "Create" for a new record or "Save" for an existing one (both run
 * `onSave`), and for an existing record "Delete" behind the confirmation `Delete "{name}"?`, which
 * then says "Deleted" or shows the server's error. Show it only to an operator who may edit.
 * Panes whose deletion asks something else (users, calendars, affiliations) keep their own.
 */
export function DetailFooter<T>({ record, name, busy, onSave, onDelete, onDeleted, testIdPrefix, children }: Props<T>) {
  const t = useT();
  const notify = useNotify();

  const remove = async (existing: T) => {
    try {
      await onDelete(existing);
      notify.success(t('deleted'));
      onDeleted();
    } catch (error) {
      notify.error(error);
    }
  };

  return (
    <Space wrap>
      <Button type="primary" loading={busy} onClick={() => onSave()} data-testid={`${testIdPrefix}-save`}>
        {record !== undefined ? t('action.save') : t('action.create')}
      </Button>
      {children}
      {record !== undefined && (
        <Popconfirm title={t('confirmDelete', { name: name(record) })} onConfirm={() => remove(record)}>
          <Button danger data-testid={`${testIdPrefix}-delete`}>
            {t('action.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
