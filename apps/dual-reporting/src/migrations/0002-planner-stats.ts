import { Migration, plannerStatsFunctionSql } from '@hongfan/db';

/** Lets roster imports refresh the planner's statistics of the tables they fill (see refreshPlannerStats). */
export class PlannerStatsDualReporting extends Migration {
  override async up(): Promise<void> {
    for (const sql of plannerStatsFunctionSql('dual_reporting', [
      'in_service_members',
      'reports',
      'compounds',
    ]))
      this.addSql(sql);
  }
}
