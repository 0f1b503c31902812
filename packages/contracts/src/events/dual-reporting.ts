import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { createEventRegistry } from '../event-registry.js';
import { uuidSchema } from '../ids.js';

/**
 * Events of the dual-reporting service (双报到 and 红色代办): in-service Party members (在职党员) of
 * work units report to the compound where they live, the compound's branch confirms or rejects
 * the report, branches dispatch service tasks, and verified tasks and deeds count as good deeds
 * (好事实事). Each event carries the ids other services need to attribute it (work unit, compound
 * and its community and street) without asking back.
 */

/** The three ways members serve residents (专业代办 / 党员协办 / 志愿帮办). */
export const SERVICE_MODES = ['professional-agency', 'member-co-handling', 'volunteer-help'] as const;
export const serviceModeSchema = z.enum(SERVICE_MODES);
export type ServiceMode = z.output<typeof serviceModeSchema>;

/** Where a report (报到) points: the member, their unit and the compound with its path. */
const reportState = {
  reportId: uuidSchema,
  memberId: uuidSchema,
  workUnitId: uuidSchema,
  compoundId: uuidSchema,
  communityId: uuidSchema,
  streetId: uuidSchema,
};

/** A member reported (or re-reported, after moving house) to a compound; awaiting the branch. */
export const inServiceMemberReported = defineEvent({
  service: 'dual-reporting',
  aggregate: 'member',
  event: 'reported',
  version: 1,
  data: z.object({
    ...reportState,
    /** The report this one replaces (the member moved house), if any. */
    previousReportId: uuidSchema.nullable(),
  }),
});

/** The compound's branch confirmed the member's report: the member now serves this compound. */
export const inServiceMemberConfirmed = defineEvent({
  service: 'dual-reporting',
  aggregate: 'member',
  event: 'confirmed',
  version: 1,
  data: z.object(reportState),
});

/** The compound's branch rejected the member's report, with its reason. */
export const inServiceMemberRejected = defineEvent({
  service: 'dual-reporting',
  aggregate: 'member',
  event: 'rejected',
  version: 1,
  data: z.object({ ...reportState, reason: z.string() }),
});

/** A service task (红色代办) was done by a member and verified by the branch: it is complete. */
export const serviceTaskCompleted = defineEvent({
  service: 'dual-reporting',
  aggregate: 'task',
  event: 'completed',
  version: 1,
  data: z.object({
    taskId: uuidSchema,
    compoundId: uuidSchema,
    communityId: uuidSchema,
    streetId: uuidSchema,
    mode: serviceModeSchema,
    memberId: uuidSchema,
    workUnitId: uuidSchema,
    hours: z.number().nonnegative(),
    completedAt: z.iso.datetime({ offset: true }),
  }),
});

/** A good deed (好事实事) was verified by the branch: a verified task, or a deed a member recorded. */
export const deedVerified = defineEvent({
  service: 'dual-reporting',
  aggregate: 'deed',
  event: 'verified',
  version: 1,
  data: z.object({
    deedId: uuidSchema,
    memberId: uuidSchema,
    workUnitId: uuidSchema,
    compoundId: uuidSchema,
    communityId: uuidSchema,
    streetId: uuidSchema,
    mode: serviceModeSchema,
    hours: z.number().nonnegative(),
    doneOn: z.iso.date(),
    /** The task it came from, when the deed is a verified task. */
    taskId: uuidSchema.nullable(),
  }),
});

export const dualReportingEvents = {
  inServiceMemberReported,
  inServiceMemberConfirmed,
  inServiceMemberRejected,
  serviceTaskCompleted,
  deedVerified,
} as const;

export const dualReportingEventRegistry = createEventRegistry(...Object.values(dualReportingEvents));
