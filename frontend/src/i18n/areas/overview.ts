// The overview (工作台), the setup checklist's permissions, and other
// first-hour guidance (issue 7 §3).
export const zh = {
  'nav.overview': '工作台',
  'scopes.title': '权限管理 › 开通 API 权限',
  'scopes.help': '在“开发配置 › 权限管理 › API 权限”中搜索并开通以下权限（按功能），然后创建版本并发布，权限才会生效',
  'scopes.feature.mirror': '通讯录镜像（从飞书同步组织和人员）',
  'scopes.feature.bind': '按手机号 / 邮箱自动绑定',
  'scopes.feature.write': '同步通讯录到飞书（接口权限为“读写”时）',
  'scopes.feature.push': '消息推送',
  'scopes.range': '权限管理 › 数据权限 › 通讯录权限范围',
  'scopes.rangeHelp': '选择“全部成员”（建议与应用的可用范围一致）；只开放部分部门时，请在同步设置中把顶级部门设为范围内的部门，否则读取根部门会返回 40004',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.overview': 'Overview',
  'scopes.title': 'Permissions & Scopes › API permissions',
  'scopes.help': 'Search for and enable these permissions (by feature) under Development › Permissions & Scopes, then create and publish a version for them to take effect',
  'scopes.feature.mirror': 'Directory mirror (pull departments and people from Feishu)',
  'scopes.feature.bind': 'Auto-binding by mobile / e-mail',
  'scopes.feature.write': 'Sync the directory to Feishu (when the API permission is read-write)',
  'scopes.feature.push': 'Message push',
  'scopes.range': 'Permissions & Scopes › Data permissions › Contact range (通讯录权限范围)',
  'scopes.rangeHelp':
    'Choose all members (ideally the same as the app\'s availability); with only some departments, set the sync\'s top department to one inside the range, or reading the root answers 40004',
};
