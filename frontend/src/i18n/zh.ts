// The dictionaries are split by area (areas/*.ts, each holding zh and en side
// by side so a missing translation is a type error next to its source).
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

// One area per line, so that areas added on two branches merge cleanly.
export const zh = {
  ...common.zh,
  ...admin.zh,
  ...integrations.zh,
  ...directory.zh,
  ...activity.zh,
  ...setup.zh,
  ...pull.zh,
  ...jobs.zh,
  ...bindings.zh,
  ...webhooks.zh,
  ...wecom.zh,
  ...qrlogin.zh,
  ...push.zh,
  ...broadcasts.zh,
  ...workbench.zh,
  ...syncConsole.zh,
  ...errors.zh,
  ...overview.zh,
  ...auditlog.zh,
  ...directoryImport.zh,
  ...broadcastPermission.zh,
};
