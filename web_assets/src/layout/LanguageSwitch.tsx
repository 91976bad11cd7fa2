import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n/I18nContext';

/** 日本語 / English; each name is written in its own language so anyone can find theirs. */
export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      data-testid="lang-switch"
      options={[
        { value: 'ja', label: <span data-testid="lang-ja">日本語</span> },
        { value: 'en', label: <span data-testid="lang-en">English</span> },
      ]}
    />
  );
}
