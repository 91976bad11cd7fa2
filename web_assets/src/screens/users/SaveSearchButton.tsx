import { useState } from 'react';
import { Button, Input, Modal } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nContext';

/** Asks for a name and saves the current filters under it. */
export function SaveSearchButton({ onSave }: { onSave: (name: string) => Promise<boolean> }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    const saved = await onSave(name.trim());
    setBusy(false);
    if (saved) {
      setOpen(false);
      setName('');
    }
  };

  return (
    <>
      <Button icon={<SaveOutlined />} onClick={() => setOpen(true)} data-testid="saved-search-save">
        {t('savedSearch.save')}
      </Button>
      <Modal
        open={open}
        title={t('savedSearch.save')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okButtonProps={{ disabled: !name.trim(), loading: busy }}
      >
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={() => name.trim() && void submit()}
          placeholder={t('savedSearch.name')}
          maxLength={64}
          data-testid="saved-search-name"
        />
      </Modal>
    </>
  );
}
