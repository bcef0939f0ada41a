import type { MessageKey } from '../../i18n/I18nProvider';

/** One Feishu API permission: its label in the developer console (权限管理) and its exact scope name. */
export interface FeishuScope {
  label: string;
  scope: string;
}

/**
 * The permissions each feature needs (seed 001 step 8, seed 003 §2.3 (6)),
 * with Feishu's scope names as the developer console and the API pages name
 * them (e.g. authen-v1/user_info's field permissions; shared/reference/
 * feishu-api.md). The labels are Feishu's own (Chinese) words, which the
 * developer console shows whatever the console's language.
 */
export const FEATURE_SCOPES: { feature: MessageKey; scopes: FeishuScope[] }[] = [
  {
    feature: 'scopes.feature.mirror',
    scopes: [
      { label: '以应用身份读取通讯录', scope: 'contact:contact:readonly_as_app' },
      { label: '获取部门基础信息', scope: 'contact:department.base:readonly' },
      { label: '获取用户基本信息', scope: 'contact:user.base:readonly' },
      { label: '获取用户组织架构信息', scope: 'contact:user.department:readonly' },
      { label: '获取用户 user ID', scope: 'contact:user.employee_id:readonly' },
      { label: '获取用户手机号', scope: 'contact:user.phone:readonly' },
      { label: '获取用户邮箱信息', scope: 'contact:user.email:readonly' },
    ],
  },
  {
    feature: 'scopes.feature.bind',
    scopes: [{ label: '通过手机号或邮箱获取用户 ID', scope: 'contact:user.id:readonly' }],
  },
  {
    feature: 'scopes.feature.write',
    scopes: [{ label: '更新通讯录', scope: 'contact:contact' }],
  },
  {
    feature: 'scopes.feature.push',
    scopes: [
      { label: '以应用的身份发消息', scope: 'im:message:send_as_bot' },
      { label: '给多个用户批量发消息', scope: 'im:message:send_multi_users' },
      { label: '给一个或多个部门的成员批量发消息', scope: 'im:message:send_multi_depts' },
    ],
  },
];
