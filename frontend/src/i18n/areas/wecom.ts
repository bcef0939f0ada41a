// WeCom (企业微信): the corp and app fields under their WeCom names, the
// setup steps WeCom's admin console asks for, and why a mobile is missing.
export const zh = {
  'wecom.corpID': '企业ID（corpid）',
  'wecom.corpIDHelp': '企业微信管理后台 › 我的企业 › 企业信息 › 企业ID，形如 ww 开头',
  'wecom.agentID': 'AgentId',
  'wecom.agentIDHelp': '应用管理 › 应用 › AgentId；填 contacts 表示「通讯录同步」的 Secret（可写通讯录，不能发消息）',
  'wecom.secret': 'Secret',
  'wecom.encodingAESKey': 'EncodingAESKey',
  'wecom.encodingAESKeyHelp': '应用 › 接收消息 › 设置API接收：43 位字母和数字',
  'wecom.token': 'Token',
  'setup.wecom.trustedDomain': '可信域名',
  'setup.wecom.trustedDomainHelp': '应用 › 网页授权及JS-SDK › 可信域名：填写以下域名（扫码登录与应用主页需要）',
  'setup.wecom.ipAllowList': '企业可信IP',
  'cap.living': '直播',
  'cap.contact_mobile': '读取手机号与邮箱',
  'wecom.mobileMissing': '企业微信不向 2022-06-20 之后创建的应用返回手机号和邮箱：可按工号、姓名或扫码登录绑定',
};

export const en: Record<keyof typeof zh, string> = {
  'wecom.corpID': 'Corp ID (corpid)',
  'wecom.corpIDHelp': 'WeCom admin console › 我的企业 › 企业信息 › 企业ID; starts with ww',
  'wecom.agentID': 'AgentId',
  'wecom.agentIDHelp': '应用管理 › the app › AgentId; "contacts" for the 通讯录同步 Secret (writes contacts, sends no messages)',
  'wecom.secret': 'Secret',
  'wecom.encodingAESKey': 'EncodingAESKey',
  'wecom.encodingAESKeyHelp': 'the app › 接收消息 › 设置API接收: 43 letters and digits',
  'wecom.token': 'Token',
  'setup.wecom.trustedDomain': 'Trusted domain',
  'setup.wecom.trustedDomainHelp': 'the app › 网页授权及JS-SDK › 可信域名: enter this domain (needed for QR login and the homepage)',
  'setup.wecom.ipAllowList': 'Trusted IPs (企业可信IP)',
  'cap.living': 'Live broadcasts',
  'cap.contact_mobile': 'Read mobiles and e-mails',
  'wecom.mobileMissing': 'WeCom gives no mobile or e-mail to apps created after 2022-06-20: bind by employee number, name or QR login',
};
