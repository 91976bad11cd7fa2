import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/ja';
import 'dayjs/locale/en';
import { en, type MessageKey } from './en';
import { ja } from './ja';

export type Lang = 'ja' | 'en';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const STORAGE_KEY = 'monban.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'ja' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

// Set before the render that uses it, so that dates never show in the previous language.
function applyLang(lang: Lang): Lang {
  dayjs.locale(lang);
  document.documentElement.lang = lang;
  return lang;
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => applyLang(initialLang()));

  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(applyLang(next));
  }, []);

  const t = useCallback<Translate>(
    (key, params) => {
      const text = dictionaries[lang][key];
      if (!params) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    [lang],
  );

  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export const useT = (): Translate => useI18n().t;
