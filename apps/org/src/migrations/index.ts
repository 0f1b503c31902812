import { InitialOrg } from './0001-initial.js';
import { MembersOrg } from './0002-members.js';
import { FormationOrg } from './0003-formation.js';
import { PeopleOrg } from './0004-people.js';
import { PlannerStatsOrg } from './0005-planner-stats.js';
import { MemberCountsOrg } from './0006-member-counts.js';

/** Org's migrations, in order; run at start by openDatabase. Append, never edit a shipped one. */
export const migrations = [
  { name: '0001-initial', class: InitialOrg },
  { name: '0002-members', class: MembersOrg },
  { name: '0003-formation', class: FormationOrg },
  { name: '0004-people', class: PeopleOrg },
  { name: '0005-planner-stats', class: PlannerStatsOrg },
  { name: '0006-member-counts', class: MemberCountsOrg },
];
