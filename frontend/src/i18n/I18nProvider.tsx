import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
// The ES builds: the CJS ones lose nested locales (Pagination) in Vite's interop.
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zh } from './zh';
import { en } from './en';

export type Lang = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zh;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'imbridge.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  // Default is Chinese: the product's users are Chinese enterprises.
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

function applyLang(lang: Lang) {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    applyLang(l);
    return l;
  });

  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    applyLang(l);
    setLangState(l);
  }, []);

  const t = useCallback<Translate>(
    (key, vars) => {
      let s: string = dictionaries[lang][key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
      return s;
    },
    [lang],
  );

  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return (
    <I18nContext.Provider value={value}>
      {/* antd (and ProComponents, which reads antd's locale) follow the switch. */}
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>{children}</ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}
