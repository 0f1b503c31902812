import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { interpolate } from './define';
import { type Lang, type MessageKey, messages } from './messages';

export type { Lang, MessageKey };

const STORAGE_KEY = 'hongfan.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text =
    (messages[lang] as Record<string, string>)[key] ?? (messages.zh as Record<string, string>)[key];
  return interpolate(text ?? key, vars);
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const I18nContext = createContext<I18n>({
  lang: 'zh',
  setLang: () => {},
  t: (key, vars) => translate('zh', key, vars),
});

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const t = useCallback<I18n['t']>((key, vars) => translate(lang, key, vars), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function useT(): I18n['t'] {
  return useContext(I18nContext).t;
}
