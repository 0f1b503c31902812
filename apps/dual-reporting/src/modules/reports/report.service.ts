import { recordAudit } from '@hongfan/audit';
import {
  inServiceMemberConfirmed,
  inServiceMemberRejected,
  inServiceMemberReported,
} from '@hongfan/contracts';
import { errors } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { assertBranchSide, type DrAuth, isAdmin, memberWhere, visibleWhere } from '../../access.js';
import { publish } from '../../events.js';
import type { REPORT_END_REASONS } from '../../labels.js';
import { type InServiceMember, InServiceMemberEntity } from '../members/member.entity.js';
import { CompoundRefEntity } from '../read-model/read-model.entities.js';
import { WorkUnitEntity } from '../work-units/work-unit.entity.js';
import { type Report, ReportEntity } from './report.entity.js';

/** Reports the caller sees: by the unit, the compound's area, or their own. */
export function reportWhere(auth: DrAuth): Record<string, unknown> {
  return visibleWhere(
    auth,
    { workUnits: 'workUnitId', streets: 'streetId', communities: 'communityId', compounds: 'compoundId' },
    auth.self ? { memberId: auth.self.id } : null,
  );
}

export async function loadReport(em: EntityManager, auth: DrAuth, id: string): Promise<Report> {
  const r = await em.findOne(ReportEntity, { $and: [{ id }, reportWhere(auth)] });
  if (!r) throw errors.notFound('Report', id);
  return r;
}

const eventData = (r: Report) => ({
  reportId: r.id,
  memberId: r.memberId,
  workUnitId: r.workUnitId,
  compoundId: r.compoundId,
  communityId: r.communityId,
  streetId: r.streetId,
});

/** The unit's admin or the member may report (and withdraw); tenant admins may too. */
function assertReporter(auth: DrAuth, member: InServiceMember): void {
  if (isAdmin(auth)) return;
  if (auth.roles.includes('work-unit-admin') && auth.scope.workUnits?.includes(member.workUnitId)) return;
  if (auth.self?.id === member.id) return;
  throw errors.forbidden("Only the member or their unit's admin may report for this member");
}

/** Ends the member's open report (pending or confirmed), if any; the caller updates the member. */
export async function endOpenReport(
  em: EntityManager,
  member: InServiceMember,
  reason: keyof typeof REPORT_END_REASONS,
): Promise<Report | null> {
  const open = await em.findOne(ReportEntity, {
    memberId: member.id,
    status: { $in: ['pending', 'confirmed'] },
  });
  if (!open) return null;
  open.status = 'ended';
  open.endedAt = new Date();
  open.endReason = reason;
  // Flushed now: the new report must not meet it in the one-open-report index.
  await em.flush();
  return open;
}

export function clearPlace(member: InServiceMember, status: InServiceMember['reportStatus']) {
  member.reportStatus = status;
  member.compoundId = null;
  member.communityId = null;
  member.streetId = null;
}

/**
 * A member reports to the compound where they live (报到). The compound must be known from org's
 * events (else 422 unknown_compound) and not archived; reporting to another compound while a
 * report is open ends it (the member moved house) and keeps it as history.
 */
export async function createReport(
  em: EntityManager,
  req: FastifyRequest,
  auth: DrAuth,
  prefix: string,
  body: { memberId: string; compoundId: string; address?: string | null },
): Promise<Report> {
  const member = await em.findOne(InServiceMemberEntity, {
    $and: [{ id: body.memberId }, memberWhere(auth)],
  });
  if (!member) throw errors.notFound('In-service member', body.memberId);
  assertReporter(auth, member);
  if (member.archivedAt) throw errors.unprocessable('member_archived', 'The member has left the roster');
  const unit = await em.findOneOrFail(WorkUnitEntity, { id: member.workUnitId });
  if (unit.status !== 'active')
    throw errors.unprocessable('unit_inactive', 'The work unit is inactive; it takes no new reports');
  const compound = await em.findOne(CompoundRefEntity, { id: body.compoundId });
  if (!compound)
    throw errors.unprocessable(
      'unknown_compound',
      `No compound ${body.compoundId} is known in this district`,
    );
  if (compound.archived)
    throw errors.unprocessable('compound_archived', `${compound.name} is archived and takes no new reports`);
  const open = await em.findOne(ReportEntity, {
    memberId: member.id,
    status: { $in: ['pending', 'confirmed'] },
  });
  if (open?.compoundId === compound.id)
    throw errors.unprocessable(
      'already_reported',
      `The member has already reported to ${compound.name} (${open.status})`,
    );
  const previous = open ? await endOpenReport(em, member, 'moved') : null;
  const report = em.create(ReportEntity, {
    id: crypto.randomUUID(),
    tenantId: member.tenantId,
    memberId: member.id,
    workUnitId: member.workUnitId,
    compoundId: compound.id,
    communityId: compound.communityId,
    streetId: compound.streetId,
    address: body.address ?? null,
    reportedBy: auth.subject,
    previousReportId: previous?.id ?? null,
  });
  const before = { ...member };
  member.reportStatus = 'pending';
  member.currentReportId = report.id;
  member.compoundId = compound.id;
  member.communityId = compound.communityId;
  member.streetId = compound.streetId;
  await em.flush();
  await publish(em, { prefix, req }, inServiceMemberReported, member.tenantId, {
    ...eventData(report),
    previousReportId: previous?.id ?? null,
  });
  recordAudit(em, req, {
    tenantId: member.tenantId,
    action: 'reports.created',
    targetType: 'in-service-members',
    targetId: member.id,
    before,
    after: member,
  });
  return report;
}

async function pathOf(em: EntityManager, r: Report) {
  const c = await em.findOne(CompoundRefEntity, { id: r.compoundId }, { fields: ['branchId'] });
  return {
    streetId: r.streetId,
    communityId: r.communityId,
    compoundId: r.compoundId,
    branchId: c?.branchId,
  };
}

/** The compound's branch confirms (or rejects, with a reason) a pending report. */
export async function decideReport(
  em: EntityManager,
  req: FastifyRequest,
  auth: DrAuth,
  prefix: string,
  id: string,
  decision: { confirm: true } | { confirm: false; reason: string },
): Promise<Report> {
  const report = await loadReport(em, auth, id);
  assertBranchSide(auth, await pathOf(em, report), decision.confirm ? 'confirm reports' : 'reject reports');
  if (report.status !== 'pending')
    throw errors.unprocessable('not_pending', `The report is ${report.status}, not pending`);
  const member = await em.findOneOrFail(InServiceMemberEntity, { id: report.memberId });
  const before = { ...report };
  const now = new Date();
  report.decidedAt = now;
  report.decidedBy = auth.subject;
  if (decision.confirm) {
    report.status = 'confirmed';
    report.confirmedAt = now;
    if (member.currentReportId === report.id) member.reportStatus = 'confirmed';
  } else {
    report.status = 'rejected';
    report.rejectReason = decision.reason;
    if (member.currentReportId === report.id) clearPlace(member, 'rejected');
  }
  await em.flush();
  if (decision.confirm)
    await publish(em, { prefix, req }, inServiceMemberConfirmed, report.tenantId, eventData(report));
  else
    await publish(em, { prefix, req }, inServiceMemberRejected, report.tenantId, {
      ...eventData(report),
      reason: decision.reason,
    });
  recordAudit(em, req, {
    tenantId: report.tenantId,
    action: decision.confirm ? 'reports.confirmed' : 'reports.rejected',
    targetType: 'reports',
    targetId: report.id,
    before,
    after: report,
  });
  return report;
}

/** The member (or their unit) withdraws an open report; the member is then not reported anywhere. */
export async function withdrawReport(
  em: EntityManager,
  req: FastifyRequest,
  auth: DrAuth,
  id: string,
): Promise<Report> {
  const report = await loadReport(em, auth, id);
  const member = await em.findOneOrFail(InServiceMemberEntity, { id: report.memberId });
  assertReporter(auth, member);
  if (report.status !== 'pending' && report.status !== 'confirmed')
    throw errors.unprocessable(
      'not_open',
      `The report is ${report.status}; only an open report is withdrawn`,
    );
  const before = { ...report };
  report.status = 'ended';
  report.endedAt = new Date();
  report.endReason = 'withdrawn';
  if (member.currentReportId === report.id) clearPlace(member, 'none');
  await em.flush();
  recordAudit(em, req, {
    tenantId: report.tenantId,
    action: 'reports.withdrawn',
    targetType: 'reports',
    targetId: report.id,
    before,
    after: report,
  });
  return report;
}
