import { Migration } from '@hongfan/db';

const s = 'org';

/** The territory column each Party organisation level covers: one active organisation per unit. */
const ONE_ACTIVE_PER_UNIT: Array<[level: string, column: string]> = [
  ['street-committee', 'street_id'],
  ['community-committee', 'community_id'],
  ['compound-branch', 'compound_id'],
  ['grid-branch', 'grid_id'],
  ['building-group', 'building_id'],
  ['central-household', 'household_id'],
];

/**
 * Party organisations, branch formation, liaison cadres and the coverage report (additive only):
 * - one active organisation per level and territory unit (a street has one 街道党工委, a grid one
 *   joint branch, …), so two concurrent "apply" calls cannot form two branches for one grid;
 * - one current liaison cadre per compound;
 * - children of an organisation (dissolve checks, the tree) and compounds by branch (a branch's
 *   coverage, a joint branch left without compounds);
 * - the member aggregate behind formation and coverage reads (status, management) from the index
 *   alone.
 */
export class FormationOrg extends Migration {
  override async up(): Promise<void> {
    for (const [level, column] of ONE_ACTIVE_PER_UNIT)
      this.addSql(
        `create unique index party_orgs_one_${level.replace('-', '_')} on ${s}.party_orgs (tenant_id, ${column})
           where status = 'active' and level = '${level}'`,
      );
    this.addSql(
      `create index party_orgs_parent on ${s}.party_orgs (tenant_id, parent_id) where status = 'active'`,
    );
    this.addSql(
      `create index compounds_branch on ${s}.compounds (tenant_id, branch_id) where branch_id is not null`,
    );
    this.addSql(
      `create index members_formation on ${s}.members (tenant_id, compound_id) include (status, management)
         where archived_at is null`,
    );
    this.addSql(
      `create unique index liaison_assignments_current on ${s}.liaison_assignments (tenant_id, compound_id)
         where ended_on is null`,
    );
  }
}
