import { Migration, plannerStatsFunctionSql } from '@hongfan/db';

/** Lets imports refresh the planner's statistics of the tables they fill (see refreshPlannerStats). */
export class PlannerStatsOrg extends Migration {
  override async up(): Promise<void> {
    for (const sql of plannerStatsFunctionSql('org', [
      'streets',
      'communities',
      'grids',
      'compounds',
      'buildings',
      'households',
      'members',
    ]))
      this.addSql(sql);
  }
}
