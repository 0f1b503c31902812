import { Migration } from '@hongfan/db';

const s = 'org';

/**
 * Two-committee members, secretaries, building-leader elections, grid staff and grid-branch funds
 * (additive only):
 * - indexes for what those modules read most: a community's current committee members (window
 *   staff, concurrent-secretary fallback), a branch's secretary terms, a building's elections and
 *   leaders, an election's nominations and opinions, a grid's current staff, a branch-year ledger;
 * - one nomination per member per election;
 * - ledger integrity the API already enforces: an overdraft carries its override reason, and
 *   spending carries a receipt reference.
 */
export class PeopleOrg extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index committee_members_current on ${s}.committee_members (tenant_id, community_id, name)
         where ended_on is null`,
    );
    this.addSql(
      `create index secretary_terms_org on ${s}.secretary_terms (tenant_id, party_org_id, created_at)`,
    );
    this.addSql(`create index secretary_terms_started on ${s}.secretary_terms (tenant_id, started_on, id)`);
    this.addSql(`create index leader_elections_building on ${s}.leader_elections (tenant_id, building_id)`);
    this.addSql(`create index leader_elections_opened on ${s}.leader_elections (tenant_id, opened_on, id)`);
    this.addSql(
      `create index election_nominations_election on ${s}.election_nominations (tenant_id, election_id)`,
    );
    this.addSql(
      `create unique index election_nominations_member on ${s}.election_nominations (tenant_id, election_id, member_id)
         where member_id is not null`,
    );
    this.addSql(`create index election_opinions_election on ${s}.election_opinions (tenant_id, election_id)`);
    this.addSql(`create index building_leaders_building on ${s}.building_leaders (tenant_id, building_id)`);
    this.addSql(`create index building_leaders_election on ${s}.building_leaders (tenant_id, election_id)`);
    this.addSql(
      `create index grid_staff_current on ${s}.grid_staff (tenant_id, grid_id) where ended_on is null`,
    );
    this.addSql(`create index grid_staff_name on ${s}.grid_staff (tenant_id, name, id)`);
    this.addSql(
      `create index fund_entries_ledger on ${s}.fund_entries (tenant_id, party_org_id, year, created_at)`,
    );
    this.addSql(
      `alter table ${s}.fund_entries
         add constraint fund_entries_overdraft_reason check (not overdraft or override_reason is not null),
         add constraint fund_entries_spend_receipt check (kind = 'grant' or receipt_ref is not null)`,
    );
  }
}
