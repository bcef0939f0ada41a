import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n/I18nProvider';

/** 中文 / EN toggle in the header; the choice persists in localStorage. */
export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      aria-label="language"
      value={lang}
      onChange={setLang}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
