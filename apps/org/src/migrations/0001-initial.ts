import { auditTableSql } from '@hongfan/audit';
import { Migration, tenantTableSql } from '@hongfan/db';
import { messagingTablesSql } from '@hongfan/messaging';

const s = 'org';
/** Every tenant table carries the common columns: key, tenant, timestamps, optimistic-lock version. */
const common = `id uuid primary key,
      tenant_id uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1`;

/**
 * The organisation service's data model: territory (street → community → grid → compound →
 * building → household), the five-level Party organisation tree, member rosters and plaques,
 * branch formation, liaison cadres, secretary terms, community two-committee members, building
 * leader elections, grid staff and grid-branch funds. Child rows repeat their ancestors' ids
 * (street_id, community_id, …) so data-scope filters and roll-ups need no joins.
 */
export class InitialOrg extends Migration {
  override async up(): Promise<void> {
    const tables: string[] = [];
    const table = (name: string, body: string) => {
      this.addSql(`create table ${s}.${name} (${common},\n${body})`);
      tables.push(name);
    };

    // Applied tenant settings (from identity's events); one row per tenant.
    table('tenant_settings', `settings jsonb not null, constraint tenant_settings_one unique (tenant_id)`);

    table(
      'streets',
      `name text not null, code text, archived_at timestamptz,
       constraint streets_name_unique unique (tenant_id, name)`,
    );
    table(
      'communities',
      `street_id uuid not null references ${s}.streets(id), name text not null, archived_at timestamptz,
       constraint communities_name_unique unique (tenant_id, street_id, name)`,
    );
    table(
      'grids',
      `street_id uuid not null references ${s}.streets(id), community_id uuid not null references ${s}.communities(id),
       name text not null, archived_at timestamptz,
       constraint grids_name_unique unique (tenant_id, community_id, name)`,
    );
    table(
      'compounds',
      `street_id uuid not null references ${s}.streets(id), community_id uuid not null references ${s}.communities(id),
       grid_id uuid not null references ${s}.grids(id),
       name text not null, address text, lat double precision check (lat between -90 and 90),
       lng double precision check (lng between -180 and 180),
       household_count int check (household_count >= 0), building_count int check (building_count >= 0),
       property_company text,
       branch_id uuid, branch_form text check (branch_form in ('own-branch', 'joint-branch')),
       formation_flag text, formation_flagged_at timestamptz,
       archived_at timestamptz,
       constraint compounds_name_unique unique (tenant_id, community_id, name)`,
    );
    table(
      'buildings',
      `street_id uuid not null, community_id uuid not null, compound_id uuid not null references ${s}.compounds(id),
       name text not null, unit_count int, floor_count int, archived_at timestamptz,
       constraint buildings_name_unique unique (tenant_id, compound_id, name)`,
    );
    table(
      'households',
      `street_id uuid not null, community_id uuid not null, compound_id uuid not null references ${s}.compounds(id),
       building_id uuid not null references ${s}.buildings(id), room text not null, archived_at timestamptz,
       constraint households_room_unique unique (tenant_id, building_id, room)`,
    );

    table(
      'party_orgs',
      `level text not null check (level in ('street-committee', 'community-committee', 'compound-branch', 'grid-branch', 'building-group', 'central-household')),
       name text not null, parent_id uuid references ${s}.party_orgs(id),
       street_id uuid references ${s}.streets(id), community_id uuid references ${s}.communities(id),
       grid_id uuid references ${s}.grids(id), compound_id uuid references ${s}.compounds(id),
       building_id uuid references ${s}.buildings(id), household_id uuid references ${s}.households(id),
       status text not null default 'active' check (status in ('active', 'dissolved')),
       formed_on date not null default current_date, dissolved_on date, dissolve_reason text`,
    );
    this.addSql(
      `create unique index party_orgs_active_name on ${s}.party_orgs (tenant_id, name) where status = 'active'`,
    );
    this.addSql(
      `alter table ${s}.compounds add constraint compounds_branch_fk foreign key (branch_id) references ${s}.party_orgs(id)`,
    );

    table(
      'members',
      `street_id uuid not null, community_id uuid not null, grid_id uuid not null,
       compound_id uuid not null references ${s}.compounds(id),
       building_id uuid references ${s}.buildings(id), household_id uuid references ${s}.households(id),
       name text not null, gender text not null check (gender in ('male', 'female')),
       birth_year int not null check (birth_year between 1900 and 2100), phone text not null,
       status text not null check (status in ('full', 'probationary')),
       management text not null check (management in ('self', 'non-self')),
       membership_org text, is_homeowner boolean not null default false, joined_on date not null,
       archived_at timestamptz, archive_reason text`,
    );
    this.addSql(
      `create unique index members_phone_active on ${s}.members (tenant_id, phone) where archived_at is null`,
    );
    this.addSql(
      `create index members_compound on ${s}.members (tenant_id, compound_id) where archived_at is null`,
    );
    table(
      'member_moves',
      `member_id uuid not null references ${s}.members(id), from_compound_id uuid not null, to_compound_id uuid not null,
       moved_on date not null`,
    );
    table(
      'plaques',
      `street_id uuid not null, community_id uuid not null, compound_id uuid not null,
       household_id uuid not null references ${s}.households(id),
       kind text not null check (kind in ('共产党员户', '共产党员光荣')), hung_on date not null, removed_on date`,
    );

    table(
      'committee_members',
      `street_id uuid not null, community_id uuid not null references ${s}.communities(id),
       name text not null, phone text, committee text not null check (committee in ('party', 'residents', 'both')),
       position text, at_window boolean not null default false, member_id uuid references ${s}.members(id),
       ended_on date`,
    );
    table(
      'liaison_assignments',
      `street_id uuid not null, community_id uuid not null, compound_id uuid not null references ${s}.compounds(id),
       cadre_kind text not null check (cadre_kind in ('street-cadre', 'community-committee')),
       cadre_name text not null, cadre_phone text, committee_member_id uuid references ${s}.committee_members(id),
       started_on date not null, ended_on date, end_reason text`,
    );
    table(
      'secretary_terms',
      `street_id uuid, community_id uuid, party_org_id uuid not null references ${s}.party_orgs(id),
       person_kind text not null check (person_kind in ('member', 'liaison-cadre', 'committee-member')),
       member_id uuid references ${s}.members(id), liaison_id uuid references ${s}.liaison_assignments(id),
       committee_member_id uuid references ${s}.committee_members(id),
       person_name text not null, concurrent boolean not null, is_homeowner boolean not null default false,
       started_on date not null, ended_on date, end_reason text`,
    );
    this.addSql(
      `create unique index secretary_terms_current on ${s}.secretary_terms (tenant_id, party_org_id) where ended_on is null`,
    );

    table(
      'leader_elections',
      `street_id uuid not null, community_id uuid not null, compound_id uuid not null,
       building_id uuid not null references ${s}.buildings(id),
       status text not null default 'open' check (status in ('open', 'meeting-held', 'elected', 'cancelled')),
       opened_on date not null, meeting_date date, meeting_attendance int, meeting_notes text,
       elected_nomination_id uuid, cancelled_reason text`,
    );
    this.addSql(
      `create unique index leader_elections_one_open on ${s}.leader_elections (tenant_id, building_id) where status in ('open', 'meeting-held')`,
    );
    table(
      'election_nominations',
      `election_id uuid not null references ${s}.leader_elections(id), name text not null, phone text,
       member_id uuid references ${s}.members(id), is_member boolean not null default false,
       household_id uuid references ${s}.households(id), reason text, votes int check (votes >= 0)`,
    );
    table(
      'election_opinions',
      `election_id uuid not null references ${s}.leader_elections(id),
       nomination_id uuid references ${s}.election_nominations(id), author_name text not null, opinion text not null,
       collected_on date not null`,
    );
    table(
      'building_leaders',
      `street_id uuid not null, community_id uuid not null, compound_id uuid not null,
       building_id uuid not null references ${s}.buildings(id), election_id uuid references ${s}.leader_elections(id),
       name text not null, phone text, is_member boolean not null, member_id uuid references ${s}.members(id),
       duties text not null, term_start date not null, term_end date, ended_on date`,
    );
    this.addSql(
      `create unique index building_leaders_current on ${s}.building_leaders (tenant_id, building_id) where ended_on is null`,
    );

    table(
      'grid_staff',
      `street_id uuid not null, community_id uuid not null, grid_id uuid not null references ${s}.grids(id),
       name text not null, phone text,
       role text not null check (role in ('liaison-cadre', 'full-time-grid-worker', 'part-time-grid-worker', 'compound-police', 'urban-management', 'public-welfare-post')),
       started_on date not null, ended_on date`,
    );
    table(
      'fund_entries',
      `street_id uuid, community_id uuid, grid_id uuid, party_org_id uuid not null references ${s}.party_orgs(id),
       year int not null check (year between 2000 and 2100), kind text not null check (kind in ('grant', 'spend')),
       amount_fen integer not null check (amount_fen > 0), purpose text not null, entry_date date not null,
       receipt_ref text, overdraft boolean not null default false, override_reason text, recorded_by text not null`,
    );
    this.addSql(
      `create unique index fund_entries_one_grant on ${s}.fund_entries (tenant_id, party_org_id, year) where kind = 'grant'`,
    );

    for (const t of tables) {
      this.addSql(`create index ${t}_tenant on ${s}.${t} (tenant_id)`);
      for (const sql of tenantTableSql(`${s}.${t}`)) this.addSql(sql);
    }
    for (const sql of auditTableSql(s)) this.addSql(sql);
    for (const sql of messagingTablesSql(s)) this.addSql(sql);
  }
}
