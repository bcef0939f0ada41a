import { Select, Space, Tag } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { PLATFORM_COLOR } from '../integrations/platforms';
import type { CorpPlatform } from '../../gql/graphql';

export interface CorpOption {
  id: string;
  name: string;
  platform: CorpPlatform;
}

/** The IM column's title: the corp (a selector when the tenant has several) and its platform. */
export function CorpTitle(props: { corps: CorpOption[]; value: CorpOption; onChange: (id: string) => void }) {
  const t = useT();
  return (
    <Space>
      <Tag color={PLATFORM_COLOR[props.value.platform]}>{t(`platform.${props.value.platform}` as MessageKey)}</Tag>
      {props.corps.length > 1 ? (
        <Select
          data-testid="directory-corp"
          size="small"
          variant="borderless"
          style={{ minWidth: 180 }}
          value={props.value.id}
          onChange={props.onChange}
          options={props.corps.map((c) => ({ value: c.id, label: c.name }))}
        />
      ) : (
        <span data-testid="directory-corp">{props.value.name}</span>
      )}
    </Space>
  );
}
