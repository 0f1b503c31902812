import { auditTableSql } from '@hongfan/audit';
import { Migration, tenantTableSql } from '@hongfan/db';
import { messagingTablesSql } from '@hongfan/messaging';

const s = 'dual_reporting';
/** Every tenant table carries the common columns: key, tenant, timestamps, optimistic-lock version. */
const common = `id uuid primary key,
      tenant_id uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1`;

const MODES = `('professional-agency', 'member-co-handling', 'volunteer-help')`;

/**
 * The running totals the statistics read (members, pending and confirmed reports per work unit and
 * per compound), kept by statement-level triggers on in_service_members so that a 700-row import
 * updates each total once, and so that no code path can forget them. Statistics over a city's
 * 140,000 members then read a few hundred rows instead of aggregating the roster on every request.
 */
function tallyTriggersSql(): string[] {
  const unitDelta = (source: string) => `
    insert into ${s}.unit_tallies as t (tenant_id, work_unit_id, members, pending, confirmed)
    select tenant_id, work_unit_id, sum(sign), sum(sign * (report_status = 'pending')::int),
           sum(sign * (report_status = 'confirmed')::int)
      from (${source}) d
     where archived_at is null
     group by tenant_id, work_unit_id
    having sum(sign) <> 0 or sum(sign * (report_status = 'pending')::int) <> 0
        or sum(sign * (report_status = 'confirmed')::int) <> 0
     order by tenant_id, work_unit_id
    on conflict (tenant_id, work_unit_id) do update
       set members = t.members + excluded.members, pending = t.pending + excluded.pending,
           confirmed = t.confirmed + excluded.confirmed, updated_at = now();`;
  const compoundDelta = (source: string) => `
    insert into ${s}.compound_tallies as t (tenant_id, compound_id, community_id, street_id, pending, confirmed)
    select tenant_id, compound_id, min(community_id::text)::uuid, min(street_id::text)::uuid,
           sum(sign * (report_status = 'pending')::int), sum(sign * (report_status = 'confirmed')::int)
      from (${source}) d
     where archived_at is null and compound_id is not null and report_status in ('pending', 'confirmed')
     group by tenant_id, compound_id
    having sum(sign * (report_status = 'pending')::int) <> 0 or sum(sign * (report_status = 'confirmed')::int) <> 0
     order by tenant_id, compound_id
    on conflict (tenant_id, compound_id) do update
       set pending = t.pending + excluded.pending, confirmed = t.confirmed + excluded.confirmed,
           updated_at = now();`;
  const cols = 'tenant_id, work_unit_id, compound_id, community_id, street_id, report_status, archived_at';
  const fromNew = `select ${cols}, 1 as sign from new_rows`;
  const fromOld = `select ${cols}, -1 as sign from old_rows`;
  const fn = (name: string, source: string) =>
    `create function ${s}.${name}() returns trigger language plpgsql as $$
    begin
      ${unitDelta(source)}
      ${compoundDelta(source)}
      return null;
    end
    $$`;
  return [
    fn('tally_members_insert', fromNew),
    fn('tally_members_update', `${fromNew} union all ${fromOld}`),
    fn('tally_members_delete', fromOld),
    `create trigger tally_insert after insert on ${s}.in_service_members
       referencing new table as new_rows for each statement execute function ${s}.tally_members_insert()`,
    `create trigger tally_update after update on ${s}.in_service_members
       referencing old table as old_rows new table as new_rows for each statement execute function ${s}.tally_members_update()`,
    `create trigger tally_delete after delete on ${s}.in_service_members
       referencing old table as old_rows for each statement execute function ${s}.tally_members_delete()`,
  ];
}

/**
 * The dual-reporting service's data model: a read model of org's compounds and Party branches,
 * work units and their liaison links (with history), in-service members and their reports to
 * compounds (with history), service tasks, good deeds, and the running totals statistics read.
 * Rows repeat the compound's community and street ids so data-scope filters need no joins.
 */
export class InitialDualReporting extends Migration {
  override async up(): Promise<void> {
    const tables: string[] = [];
    const table = (name: string, body: string) => {
      this.addSql(`create table ${s}.${name} (${common},\n${body})`);
      tables.push(name);
    };

    // Read model of org's compounds (id = org's compound id), overwritten by each compound event.
    table(
      'compounds',
      `name text not null, address text,
       street_id uuid not null, street_name text not null,
       community_id uuid not null, community_name text not null,
       grid_id uuid not null, grid_name text not null,
       branch_id uuid, branch_form text, archived boolean not null default false`,
    );
    this.addSql(`create index compounds_community on ${s}.compounds (tenant_id, community_id)`);
    this.addSql(`create index compounds_branch on ${s}.compounds (tenant_id, branch_id)`);
    this.addSql(`create index compounds_name on ${s}.compounds (tenant_id, name, id)`);
    // Read model of org's Party organisations (id = org's party-org id).
    table(
      'branches',
      `level text not null, name text not null, parent_id uuid,
       street_id uuid, community_id uuid, grid_id uuid,
       compound_ids jsonb not null default '[]', status text not null`,
    );

    table(
      'work_units',
      `name text not null,
       kind text not null check (kind in ('government-agency', 'enterprise', 'public-institution')),
       party_org_name text not null, contact_name text, contact_phone text,
       status text not null default 'active' check (status in ('active', 'inactive')),
       constraint work_units_name_unique unique (tenant_id, name)`,
    );
    table(
      'liaison_links',
      `work_unit_id uuid not null references ${s}.work_units(id),
       kind text not null check (kind in ('community', 'branch', 'compound')),
       target_id uuid not null, target_name text not null,
       street_id uuid not null, community_id uuid not null, branch_id uuid, compound_id uuid,
       note text, started_on date not null, ended_on date, end_reason text,
       remapped_from_id uuid references ${s}.liaison_links(id)`,
    );
    this.addSql(
      `create unique index liaison_links_active on ${s}.liaison_links (tenant_id, work_unit_id, target_id) where ended_on is null`,
    );
    this.addSql(`create index liaison_links_community on ${s}.liaison_links (tenant_id, community_id)`);

    table(
      'in_service_members',
      `work_unit_id uuid not null references ${s}.work_units(id),
       name text not null, gender text check (gender in ('male', 'female')), phone text not null,
       party_status text not null check (party_status in ('full', 'probationary')),
       position text, skills text, user_id text,
       report_status text not null default 'none' check (report_status in ('none', 'pending', 'confirmed', 'rejected')),
       current_report_id uuid, compound_id uuid, community_id uuid, street_id uuid,
       archived_at timestamptz, archive_reason text`,
    );
    this.addSql(
      `create unique index in_service_members_phone on ${s}.in_service_members (tenant_id, phone) where archived_at is null`,
    );
    this.addSql(
      `create unique index in_service_members_user on ${s}.in_service_members (tenant_id, user_id) where archived_at is null and user_id is not null`,
    );
    this.addSql(
      `create index in_service_members_unit on ${s}.in_service_members (tenant_id, work_unit_id, name, id) where archived_at is null`,
    );
    for (const c of ['compound_id', 'community_id', 'street_id'])
      this.addSql(
        `create index in_service_members_${c} on ${s}.in_service_members (tenant_id, ${c}) where archived_at is null`,
      );

    table(
      'reports',
      `member_id uuid not null references ${s}.in_service_members(id),
       work_unit_id uuid not null references ${s}.work_units(id),
       compound_id uuid not null references ${s}.compounds(id),
       community_id uuid not null, street_id uuid not null, address text,
       status text not null default 'pending' check (status in ('pending', 'confirmed', 'rejected', 'ended')),
       reported_by text not null, reported_at timestamptz not null default now(),
       decided_at timestamptz, decided_by text, confirmed_at timestamptz, reject_reason text,
       ended_at timestamptz, end_reason text, previous_report_id uuid references ${s}.reports(id)`,
    );
    this.addSql(
      `create unique index reports_one_open on ${s}.reports (tenant_id, member_id) where status in ('pending', 'confirmed')`,
    );
    this.addSql(`create index reports_compound on ${s}.reports (tenant_id, compound_id, status)`);
    this.addSql(`create index reports_member on ${s}.reports (tenant_id, member_id, reported_at)`);
    this.addSql(`create index reports_unit on ${s}.reports (tenant_id, work_unit_id, reported_at)`);
    this.addSql(
      `create index reports_confirmed on ${s}.reports (tenant_id, member_id, confirmed_at) where confirmed_at is not null`,
    );
    // A member's pointer to their latest report; deferred so an import can write both in one go.
    this.addSql(
      `alter table ${s}.in_service_members add constraint in_service_members_report_fk
         foreign key (current_report_id) references ${s}.reports(id) deferrable initially deferred`,
    );

    table(
      'tasks',
      `compound_id uuid not null references ${s}.compounds(id),
       community_id uuid not null, street_id uuid not null, branch_id uuid,
       title text not null, need text not null, resident_name text, resident_contact text, address text,
       mode text not null check (mode in ${MODES}),
       status text not null default 'open' check (status in ('open', 'accepted', 'done', 'verified', 'cancelled')),
       due_on date, posted_by text not null,
       assignee_id uuid references ${s}.in_service_members(id),
       member_id uuid references ${s}.in_service_members(id),
       work_unit_id uuid references ${s}.work_units(id),
       accepted_at timestamptz, done_at timestamptz,
       hours double precision check (hours > 0 and hours <= 200), result_note text,
       return_reason text, verified_at timestamptz, verified_by text,
       cancelled_at timestamptz, cancel_reason text`,
    );
    this.addSql(`create index tasks_compound on ${s}.tasks (tenant_id, compound_id, status)`);
    this.addSql(`create index tasks_member on ${s}.tasks (tenant_id, member_id)`);
    this.addSql(`create index tasks_unit on ${s}.tasks (tenant_id, work_unit_id, verified_at)`);

    table(
      'deeds',
      `member_id uuid not null references ${s}.in_service_members(id),
       work_unit_id uuid not null references ${s}.work_units(id),
       compound_id uuid not null references ${s}.compounds(id),
       community_id uuid not null, street_id uuid not null,
       task_id uuid references ${s}.tasks(id),
       source text not null check (source in ('task', 'self')),
       mode text not null check (mode in ${MODES}),
       title text not null, description text, done_on date not null,
       hours double precision not null check (hours >= 0 and hours <= 200),
       status text not null default 'pending' check (status in ('pending', 'verified', 'rejected')),
       recorded_by text not null, verified_at timestamptz, verified_by text, reject_reason text,
       constraint deeds_one_per_task unique (task_id)`,
    );
    this.addSql(`create index deeds_done on ${s}.deeds (tenant_id, status, done_on)`);
    this.addSql(`create index deeds_member on ${s}.deeds (tenant_id, member_id, done_on)`);
    this.addSql(`create index deeds_unit on ${s}.deeds (tenant_id, work_unit_id, done_on)`);
    this.addSql(`create index deeds_compound on ${s}.deeds (tenant_id, compound_id, status)`);

    for (const t of tables) {
      this.addSql(`create index ${t}_tenant on ${s}.${t} (tenant_id)`);
      for (const sql of tenantTableSql(`${s}.${t}`)) this.addSql(sql);
    }

    // Running totals (see tallyTriggersSql); keyed rows, no history, same row-level security.
    this.addSql(
      `create table ${s}.unit_tallies (tenant_id uuid not null, work_unit_id uuid not null,
         members int not null default 0, pending int not null default 0, confirmed int not null default 0,
         updated_at timestamptz not null default now(), primary key (tenant_id, work_unit_id))`,
    );
    this.addSql(
      `create table ${s}.compound_tallies (tenant_id uuid not null, compound_id uuid not null,
         community_id uuid not null, street_id uuid not null,
         pending int not null default 0, confirmed int not null default 0,
         updated_at timestamptz not null default now(), primary key (tenant_id, compound_id))`,
    );
    for (const t of ['unit_tallies', 'compound_tallies'])
      for (const sql of tenantTableSql(`${s}.${t}`)) this.addSql(sql);
    for (const sql of tallyTriggersSql()) this.addSql(sql);

    for (const sql of auditTableSql(s)) this.addSql(sql);
    for (const sql of messagingTablesSql(s)) this.addSql(sql);
  }
}
