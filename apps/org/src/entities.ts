import { AuditEntryEntity } from '@hongfan/audit';
import { CommitteeMemberEntity } from './modules/committee/committee-member.entity.js';
import { electionEntities } from './modules/elections/election.entities.js';
import { LiaisonAssignmentEntity } from './modules/formation/liaison-assignment.entity.js';
import { FundEntryEntity } from './modules/funds/fund-entry.entity.js';
import { GridStaffEntity } from './modules/grid-staff/grid-staff.entity.js';
import { memberEntities } from './modules/members/member.entities.js';
import { PartyOrgEntity } from './modules/party-orgs/party-org.entity.js';
import { SecretaryTermEntity } from './modules/secretaries/secretary-term.entity.js';
import { TenantSettingsEntity } from './modules/settings/tenant-settings.entity.js';
import { territoryEntities } from './modules/territory/territory.entities.js';

export const entities = [
  TenantSettingsEntity,
  ...territoryEntities,
  PartyOrgEntity,
  ...memberEntities,
  CommitteeMemberEntity,
  LiaisonAssignmentEntity,
  SecretaryTermEntity,
  ...electionEntities,
  GridStaffEntity,
  FundEntryEntity,
  AuditEntryEntity,
];
