import { AuditEntryEntity } from '@hongfan/audit';
import { DeedEntity } from './modules/deeds/deed.entity.js';
import { LiaisonLinkEntity } from './modules/liaison/liaison-link.entity.js';
import { InServiceMemberEntity } from './modules/members/member.entity.js';
import { BranchRefEntity, CompoundRefEntity } from './modules/read-model/read-model.entities.js';
import { ReportEntity } from './modules/reports/report.entity.js';
import { TaskEntity } from './modules/tasks/task.entity.js';
import { WorkUnitEntity } from './modules/work-units/work-unit.entity.js';

export const entities = [
  CompoundRefEntity,
  BranchRefEntity,
  WorkUnitEntity,
  LiaisonLinkEntity,
  InServiceMemberEntity,
  ReportEntity,
  TaskEntity,
  DeedEntity,
  AuditEntryEntity,
];
