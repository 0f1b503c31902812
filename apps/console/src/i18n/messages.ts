import { auditMessages } from '../features/audit/messages';
import { authMessages } from '../features/auth/messages';
import { coverageMessages } from '../features/coverage/messages';
import { dualMessages } from '../features/dual/messages';
import { memberMessages } from '../features/members/messages';
import { orgMessages } from '../features/org/messages';
import { peopleMessages } from '../features/people/messages';
import { serviceAccountMessages } from '../features/service-accounts/messages';
import { tenantMessages } from '../features/tenants/messages';
import { userMessages } from '../features/users/messages';
import { common } from './common';

/*
 * Every feature's interface text. A feature adds its own `messages.ts` (defineMessages) and one
 * line in each list here.
 */
const zh = {
  ...common.zh,
  ...authMessages.zh,
  ...tenantMessages.zh,
  ...userMessages.zh,
  ...serviceAccountMessages.zh,
  ...auditMessages.zh,
  ...orgMessages.zh,
  ...memberMessages.zh,
  ...coverageMessages.zh,
  ...dualMessages.zh,
  ...peopleMessages.zh,
};
const en: Record<keyof typeof zh, string> = {
  ...common.en,
  ...authMessages.en,
  ...tenantMessages.en,
  ...userMessages.en,
  ...serviceAccountMessages.en,
  ...auditMessages.en,
  ...orgMessages.en,
  ...memberMessages.en,
  ...coverageMessages.en,
  ...dualMessages.en,
  ...peopleMessages.en,
};

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export const messages: Record<Lang, Record<MessageKey, string>> = { zh, en };
