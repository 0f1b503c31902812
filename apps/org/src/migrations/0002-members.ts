import { Migration } from '@hongfan/db';

const s = 'org';

/**
 * Member survey additions (additive only): where a move went from and to below the compound, a
 * free-text note on an archive, plaques carrying the grid (so grid-scoped users see them), one
 * current plaque per household enforced by the database, and indexes for the roster lists, a
 * member's move history and "does this household have an active member".
 */
export class MembersOrg extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table ${s}.member_moves
         add column from_building_id uuid references ${s}.buildings(id),
         add column from_household_id uuid references ${s}.households(id),
         add column to_building_id uuid references ${s}.buildings(id),
         add column to_household_id uuid references ${s}.households(id)`,
    );
    this.addSql(`alter table ${s}.members add column archive_note text`);
    this.addSql(`alter table ${s}.plaques add column grid_id uuid references ${s}.grids(id)`);
    this.addSql(
      `create unique index plaques_current on ${s}.plaques (tenant_id, household_id) where removed_on is null`,
    );
    this.addSql(`create index plaques_compound on ${s}.plaques (tenant_id, compound_id)`);
    this.addSql(`create index member_moves_member on ${s}.member_moves (tenant_id, member_id, moved_on)`);
    this.addSql(`create index members_name on ${s}.members (tenant_id, name, id)`);
    this.addSql(
      `create index members_household on ${s}.members (tenant_id, household_id) where archived_at is null`,
    );
  }
}
