import { Migration } from '@hongfan/db';

const s = 'org';

/**
 * Keeps each compound's active-member count and self-managed full count on the compound row, so
 * the coverage report aggregates 1,600 compound rows instead of 11,000 member rows. Formation's
 * roster listener maintains them in the same transaction as every roster change.
 */
export class MemberCountsOrg extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table ${s}.compounds add column member_count int not null default 0,
         add column self_full_count int not null default 0`,
    );
    // The backfill spans tenants, so it runs with RLS lifted for the owner for this statement only.
    this.addSql(`alter table ${s}.compounds no force row level security`);
    this.addSql(`alter table ${s}.members no force row level security`);
    this.addSql(
      `update ${s}.compounds c set member_count = m.total, self_full_count = m.self_full
         from (select compound_id, count(*)::int as total,
                      count(*) filter (where management = 'self' and status = 'full')::int as self_full
                 from ${s}.members where archived_at is null group by compound_id) m
        where m.compound_id = c.id`,
    );
    this.addSql(`alter table ${s}.compounds force row level security`);
    this.addSql(`alter table ${s}.members force row level security`);
  }
}
