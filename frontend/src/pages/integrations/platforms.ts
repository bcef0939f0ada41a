import type { CorpPlatform } from '../../gql/graphql';

// Official open-API endpoints, mirrored from the backend's documented
// defaults (ent/schema/corp.go). Pre-filled so the admin sees what will be
// used and can switch to Lark international, a private deployment or the simulator.
export const DEFAULT_API_BASE: Record<CorpPlatform, string> = {
  feishu: 'https://open.feishu.cn',
  wecom: 'https://qyapi.weixin.qq.com',
  dingtalk: 'https://api.dingtalk.com',
};

export const PLATFORMS: CorpPlatform[] = ['feishu', 'wecom', 'dingtalk'];

export const PLATFORM_COLOR: Record<CorpPlatform, string> = {
  feishu: 'blue',
  wecom: 'green',
  dingtalk: 'geekblue',
};
