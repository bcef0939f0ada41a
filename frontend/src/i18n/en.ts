import type { zh } from './zh';
import * as common from './areas/common';
import * as admin from './areas/admin';
import * as integrations from './areas/integrations';
import * as directory from './areas/directory';
import * as activity from './areas/activity';
import * as setup from './areas/setup';
import * as pull from './areas/pull';
import * as jobs from './areas/jobs';
import * as bindings from './areas/bindings';
import * as webhooks from './areas/webhooks';
import * as wecom from './areas/wecom';
import * as qrlogin from './areas/qrlogin';
import * as push from './areas/push';
import * as broadcasts from './areas/broadcasts';
import * as workbench from './areas/workbench';
import * as syncConsole from './areas/syncConsole';
import * as errors from './areas/errors';
import * as overview from './areas/overview';
import * as auditlog from './areas/auditlog';
import * as directoryImport from './areas/directoryImport';
import * as broadcastPermission from './areas/broadcastPermission';

export const en: Record<keyof typeof zh, string> = {
  ...common.en,
  ...admin.en,
  ...integrations.en,
  ...directory.en,
  ...activity.en,
  ...setup.en,
  ...pull.en,
  ...jobs.en,
  ...bindings.en,
  ...webhooks.en,
  ...wecom.en,
  ...qrlogin.en,
  ...push.en,
  ...broadcasts.en,
  ...workbench.en,
  ...syncConsole.en,
  ...errors.en,
  ...overview.en,
  ...auditlog.en,
  ...directoryImport.en,
  ...broadcastPermission.en,
};
