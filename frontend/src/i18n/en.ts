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
import * as directoryImport from './areas/directoryImport';

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
  ...directoryImport.en,
};
