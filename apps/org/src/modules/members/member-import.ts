import { recordAudit } from '@hongfan/audit';
import { csvBool, csvInt, importRejected, parseCsvRows } from '@hongfan/csv';
import { refreshPlannerStats } from '@hongfan/db';
import { AppError, errors, type FieldIssue } from '@hongfan/errors';
import { scopeAllows } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { effectiveAuth } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { SCHEMA } from '../../events.js';
import { buildsTerritory } from './member.access.js';
import type { Member } from './member.entities.js';
import { memberEvents } from './member.events.js';
import { joinedOnIssue, membershipOrgIssue, PHONE, PHONE_MESSAGE, todayInChina } from './member.schemas.js';

/** Field → accepted header names (English first, then what users type in Chinese). */
export const MEMBER_COLUMNS = {
  name: ['name', '姓名'],
  gender: ['gender', '性别'],
  birthYear: ['birth_year', '出生年份'],
  phone: ['phone', '手机号', '手机号码', '联系电话'],
  street: ['street', '街道'],
  community: ['community', '社区'],
  compound: ['compound', '小区'],
  building: ['building', '楼栋'],
  room: ['room', '房号'],
  status: ['status', '党员类别'],
  management: ['management', '管理方式'],
  membershipOrg: ['membership_org', '组织关系所在单位'],
  isHomeowner: ['homeowner', '是否业主'],
  joinedOn: ['joined_on', '入党日期'],
};
/** Columns a file may leave out altogether (their cells would all be empty anyway). */
const OPTIONAL_COLUMNS = new Set(['building', 'room', 'membershipOrg', 'isHomeowner']);

/** A cell naming one of a few values, in Chinese or English. */
const choice = <T extends string>(values: Record<string, T>, message: string) =>
  z.string({ error: 'is required' }).transform((s, ctx) => {
    const v = values[s.trim().toLowerCase()];
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return v;
  });

/** 2001-07-01, 2001/7/1, 2001.7.1, 2001年7月1日 → 2001-07-01 (a real day, not in the future). */
const csvDate = () =>
  z.string({ error: 'is required' }).transform((s, ctx) => {
    const m = s.trim().match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
    const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
    if (!z.iso.date().safeParse(iso).success) {
      ctx.addIssue({ code: 'custom', message: 'must be a date like 2001-07-01' });
      return z.NEVER;
    }
    if (iso > todayInChina()) {
      ctx.addIssue({ code: 'custom', message: 'may not be in the future' });
      return z.NEVER;
    }
    return iso;
  });

const place = z.string({ error: 'is required' }).trim().min(1, 'is required').max(60);
const row = z
  .object({
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(50),
    gender: choice({ 男: 'male', 女: 'female', male: 'male', female: 'female' }, 'must be 男 or 女'),
    birthYear: csvInt()
      .min(1900, 'must be 1900 or later')
      .refine((y) => y <= Number(todayInChina().slice(0, 4)) - 18, 'a member is at least 18 years old'),
    phone: z
      .string({ error: 'is required' })
      .transform((s) => s.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(PHONE, PHONE_MESSAGE)),
    street: place,
    community: place,
    compound: place,
    building: z.string().trim().max(60).optional(),
    room: z.string().trim().max(60).optional(),
    status: choice(
      {
        正式: 'full',
        正式党员: 'full',
        full: 'full',
        预备: 'probationary',
        预备党员: 'probationary',
        probationary: 'probationary',
      },
      'must be 正式 or 预备',
    ),
    management: choice(
      {
        自管: 'self',
        自管党员: 'self',
        self: 'self',
        非自管: 'non-self',
        非自管党员: 'non-self',
        'non-self': 'non-self',
      },
      'must be 自管 or 非自管',
    ),
    membershipOrg: z.string().trim().max(100).optional(),
    isHomeowner: csvBool().optional(),
    joinedOn: csvDate(),
  })
  .superRefine((v, ctx) => {
    const m = membershipOrgIssue(v);
    if (m) ctx.addIssue({ code: 'custom', path: ['membershipOrg'], message: m });
    const j = joinedOnIssue(v);
    if (j) ctx.addIssue({ code: 'custom', path: ['joinedOn'], message: j });
    if (v.room && !v.building)
      ctx.addIssue({ code: 'custom', path: ['building'], message: 'is required when a room is given' });
  });

/**
 * Rewrites the header line to canonical names: users copy headers with hints such as
 * `党员类别(正式/预备)` or `是否业主（是/否）`, and templates quote their cells. Also says which optional
 * columns the file has, so a file without them is not told they are missing.
 */
function normaliseHeader(text: string): { text: string; present: Set<string> } {
  const body = text.replace(/^\uFEFF/, '');
  const end = body.search(/\r?\n/);
  const first = end < 0 ? body : body.slice(0, end);
  const cells = first.split(',').map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .replace(/[(（].*[)）]$/, '')
      .trim(),
  );
  const present = new Set<string>();
  for (const [field, names] of Object.entries(MEMBER_COLUMNS))
    if (cells.some((c) => names.some((n) => n.toLowerCase() === c.toLowerCase()))) present.add(field);
  return { text: cells.join(',') + (end < 0 ? '' : body.slice(end)), present };
}

export interface MemberImportSummary {
  rows: number;
  created: { members: number; buildings: number; households: number };
  compounds: number;
}

/**
 * Runs SQL with real bind parameters on the request's transaction. `em.execute` inlines values as
 * escaped literals, which for a file's worth of JSON (megabytes) costs more than the insert itself.
 */
async function sql<T = unknown>(em: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  const query = em.getKnex().raw(text, params as never[]);
  const tx = em.getTransactionContext();
  if (tx) query.transacting(tx as never);
  const res = (await query) as { rows: T[] };
  return res.rows;
}

/** A Postgres array literal, for one `?::type[]` parameter (elements quoted and escaped). */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** Problems listed in one rejection at most. */
const MAX_REPORTED = 1000;

const key = (...parts: string[]) => parts.join('\u0000');
const lineOf = (path: string) => {
  const n = Number(path.split('.')[1]);
  return Number.isFinite(n) ? n : 0;
};

/**
 * Imports members from CSV, all rows or none. Compounds are named by street + community + compound;
 * building and room are optional. A building or room the file names that does not exist yet is
 * created (the building in its compound, the room as a household) when the caller may build
 * territory (tenant admin, street or community cadre, or a service account with org:write); for a
 * branch secretary it is a row error, as is an archived building or room. Every bad row is
 * reported with its line and column (unknown places, rows outside the caller's scope, phones
 * repeated in the file or already held by an active member).
 *
 * Built for 10,000-row files: every lookup is one query for the whole file (into maps) and every
 * write one multi-row statement per table (events included), whatever the row count.
 */
export async function importMembers(
  em: EntityManager,
  req: FastifyRequest,
  raw: string,
  deps: OrgDeps,
): Promise<MemberImportSummary> {
  const auth = await effectiveAuth(em, req);
  const tenantId = auth.tenantId!;
  const { text, present } = normaliseHeader(raw);
  const columns = Object.fromEntries(
    Object.entries(MEMBER_COLUMNS).filter(([f]) => !OPTIONAL_COLUMNS.has(f) || present.has(f)),
  );
  const { rows, errors: problems } = parseCsvRows(text, columns, row);
  const total = rows.length + new Set(problems.filter((p) => lineOf(p.path)).map((p) => lineOf(p.path))).size;
  if (total === 0) throw errors.validation([{ path: 'body', message: 'the file has no rows' }]);
  const issues: FieldIssue[] = [...problems];

  // The tenant's live territory by name, the buildings of the compounds the file names, the
  // (building, room) pairs it names, and the phones it names that active members already hold.
  // Lists travel as one array parameter, `= any($n)`: the planner sees a constant array and
  // hashes it, so even a poor index choice (statistics are stale right after a big import) stays
  // linear. A join against a set-returning function instead became a nested loop over the table.
  const tree = (await sql(
    em,
    `select s.name as street_name, m.name as community_name,
       c.id, c.name, c.street_id, c.community_id, c.grid_id
     from ${SCHEMA}.streets s
     left join ${SCHEMA}.communities m on m.street_id = s.id and m.archived_at is null
     left join ${SCHEMA}.compounds c on c.community_id = m.id and c.archived_at is null
     where s.tenant_id = ? and s.archived_at is null`,
    [tenantId],
  )) as Array<{
    street_name: string;
    community_name: string | null;
    id: string | null;
    name: string | null;
    street_id: string;
    community_id: string;
    grid_id: string;
  }>;
  type Place = (typeof tree)[number] & { id: string; name: string };
  const places = tree.filter((p): p is Place => !!p.id);
  const compounds = new Map(places.map((p) => [key(p.street_name, p.community_name!, p.name), p]));
  const streets = new Set(tree.map((p) => key(p.street_name)));
  const communities = new Set(
    tree.filter((p) => p.community_name !== null).map((p) => key(p.street_name, p.community_name!)),
  );

  const found = rows.map(({ value }) => compounds.get(key(value.street, value.community, value.compound)));
  const compoundIds = [...new Set(found.filter((c) => !!c).map((c) => c.id))];
  // Archived buildings too: a name stays taken by its archived building (unique per compound).
  const buildingRows = compoundIds.length
    ? ((await sql(
        em,
        `select id, compound_id, name, archived_at is not null as archived from ${SCHEMA}.buildings
         where tenant_id = ? and compound_id = any(?::uuid[])`,
        [tenantId, pgArray(compoundIds)],
      )) as Array<{ id: string; compound_id: string; name: string; archived: boolean }>)
    : [];
  const buildings = new Map(buildingRows.map((b) => [key(b.compound_id, b.name), b]));
  const wanted = new Map<string, { b: string; r: string }>();
  rows.forEach(({ value }, i) => {
    const b = found[i] && value.building && buildings.get(key(found[i].id, value.building));
    if (b && !b.archived && value.room) wanted.set(key(b.id, value.room), { b: b.id, r: value.room });
  });
  const householdRows = wanted.size
    ? ((await sql(
        em,
        `select id, building_id, room, archived_at is not null as archived from ${SCHEMA}.households
         where tenant_id = ?
           and building_id = any(?::uuid[]) and room = any(?::text[])`,
        [
          tenantId,
          pgArray([...new Set([...wanted.values()].map((w) => w.b))]),
          pgArray([...new Set([...wanted.values()].map((w) => w.r))]),
        ],
      )) as Array<{ id: string; building_id: string; room: string; archived: boolean }>)
    : [];
  const households = new Map(householdRows.map((h) => [key(h.building_id, h.room), h]));
  const phones = rows.map(({ value }) => value.phone);
  const taken = new Set(
    phones.length
      ? (
          (await sql(
            em,
            `select phone from ${SCHEMA}.members
             where tenant_id = ? and archived_at is null
               and phone = any(?::text[])`,
            [tenantId, pgArray(phones)],
          )) as Array<{ phone: string }>
        ).map((r) => r.phone)
      : [],
  );

  const mayBuild = buildsTerritory(auth);
  const seenPhones = new Map<string, number>();
  const newBuildings = new Map<string, { id: string; compound: (typeof places)[number]; name: string }>();
  const newHouseholds = new Map<
    string,
    { id: string; compound: (typeof places)[number]; buildingId: string; room: string }
  >();
  const members: Array<Member & { tenantId: string }> = [];
  rows.forEach(({ line, value }, i) => {
    const at = (column: string, message: string) => issues.push({ path: `rows.${line}.${column}`, message });
    const first = seenPhones.get(value.phone);
    if (first) at('phone', `repeats line ${first}`);
    else seenPhones.set(value.phone, line);
    if (taken.has(value.phone)) at('phone', 'is already registered to an active member');

    const compound = found[i];
    if (!compound) {
      if (!streets.has(key(value.street))) at('street', 'no such street');
      else if (!communities.has(key(value.street, value.community)))
        at('community', 'no such community in this street');
      else at('compound', 'no such compound in this community');
      return;
    }
    const path = {
      streetId: compound.street_id,
      communityId: compound.community_id,
      gridId: compound.grid_id,
      compoundId: compound.id,
    };
    if (!scopeAllows(auth, path)) {
      at('compound', 'is outside your data scope');
      return;
    }
    let buildingId: string | null = null;
    let householdId: string | null = null;
    if (value.building) {
      const k = key(compound.id, value.building);
      const known = buildings.get(k);
      if (known?.archived) at('building', 'this building is archived; restore it first');
      else if (known) buildingId = known.id;
      else if (!mayBuild)
        at(
          'building',
          'no such building in this compound (ask a community cadre to add it, or leave it empty)',
        );
      else {
        // A building the file names for the first time is created with the import, once.
        let fresh = newBuildings.get(k);
        if (!fresh) {
          fresh = { id: crypto.randomUUID(), compound, name: value.building };
          newBuildings.set(k, fresh);
        }
        buildingId = fresh.id;
      }
    }
    if (buildingId && value.room) {
      const h = households.get(key(buildingId, value.room));
      const k = key(buildingId, value.room);
      if (h?.archived) at('room', 'this room is archived; restore it first');
      else if (h) householdId = h.id;
      else if (!mayBuild)
        at('room', 'no such room in this building (ask a community cadre to add it, or leave it empty)');
      else {
        let fresh = newHouseholds.get(k);
        if (!fresh) {
          fresh = { id: crypto.randomUUID(), compound, buildingId, room: value.room };
          newHouseholds.set(k, fresh);
        }
        householdId = fresh.id;
      }
    }
    members.push({
      id: crypto.randomUUID(),
      tenantId,
      streetId: compound.street_id,
      communityId: compound.community_id,
      gridId: compound.grid_id,
      compoundId: compound.id,
      buildingId,
      householdId,
      name: value.name,
      gender: value.gender,
      birthYear: value.birthYear,
      phone: value.phone,
      status: value.status,
      management: value.management,
      membershipOrg: value.management === 'non-self' ? (value.membershipOrg ?? null) : null,
      isHomeowner: value.isHomeowner ?? false,
      joinedOn: value.joinedOn,
    } as Member);
  });
  if (issues.length) {
    // Header problems first, then line by line (stable: a row's problems keep their column order).
    issues.sort((a, b) => lineOf(a.path) - lineOf(b.path));
    const rejected = importRejected(issues, total);
    if (issues.length <= MAX_REPORTED) throw rejected;
    // A wholly wrong file (say, a missing column) would answer with one problem per row: the
    // counts stay exact, the list stops at the first MAX_REPORTED.
    throw new AppError({
      code: rejected.code,
      status: rejected.status,
      title: rejected.title,
      detail: `${rejected.detail} (the first ${MAX_REPORTED} problems of ${issues.length} are listed)`,
      errors: issues.slice(0, MAX_REPORTED),
      extra: { ...rejected.extra, problems: issues.length, truncated: true },
    });
  }

  if (newBuildings.size)
    await sql(
      em,
      `insert into ${SCHEMA}.buildings (id, tenant_id, street_id, community_id, compound_id, name)
       select r.id, ?, r.street_id, r.community_id, r.compound_id, r.name
       from jsonb_to_recordset(?::jsonb) as r(id uuid, street_id uuid, community_id uuid, compound_id uuid, name text)`,
      [
        tenantId,
        JSON.stringify(
          [...newBuildings.values()].map((b) => ({
            id: b.id,
            street_id: b.compound.street_id,
            community_id: b.compound.community_id,
            compound_id: b.compound.id,
            name: b.name,
          })),
        ),
      ],
    );
  if (newHouseholds.size)
    await sql(
      em,
      `insert into ${SCHEMA}.households (id, tenant_id, street_id, community_id, compound_id, building_id, room)
       select r.id, ?, r.street_id, r.community_id, r.compound_id, r.building_id, r.room
       from jsonb_to_recordset(?::jsonb)
         as r(id uuid, street_id uuid, community_id uuid, compound_id uuid, building_id uuid, room text)`,
      [
        tenantId,
        JSON.stringify(
          [...newHouseholds.values()].map((h) => ({
            id: h.id,
            street_id: h.compound.street_id,
            community_id: h.compound.community_id,
            compound_id: h.compound.id,
            building_id: h.buildingId,
            room: h.room,
          })),
        ),
      ],
    );
  const BATCH = 2000;
  for (let start = 0; start < members.length; start += BATCH)
    await sql(
      em,
      `insert into ${SCHEMA}.members (id, tenant_id, street_id, community_id, grid_id, compound_id, building_id,
         household_id, name, gender, birth_year, phone, status, management, membership_org, is_homeowner, joined_on)
       select r.id, ?, r.street_id, r.community_id, r.grid_id, r.compound_id, r.building_id, r.household_id,
         r.name, r.gender, r.birth_year, r.phone, r.status, r.management, r.membership_org, r.is_homeowner, r.joined_on
       from jsonb_to_recordset(?::jsonb) as r(id uuid, street_id uuid, community_id uuid, grid_id uuid,
         compound_id uuid, building_id uuid, household_id uuid, name text, gender text, birth_year int, phone text,
         status text, management text, membership_org text, is_homeowner boolean, joined_on date)`,
      [
        tenantId,
        JSON.stringify(
          members.slice(start, start + BATCH).map((m) => ({
            id: m.id,
            street_id: m.streetId,
            community_id: m.communityId,
            grid_id: m.gridId,
            compound_id: m.compoundId,
            building_id: m.buildingId,
            household_id: m.householdId,
            name: m.name,
            gender: m.gender,
            birth_year: m.birthYear,
            phone: m.phone,
            status: m.status,
            management: m.management,
            membership_org: m.membershipOrg,
            is_homeowner: m.isHomeowner,
            joined_on: m.joinedOn,
          })),
        ),
      ],
    );

  await memberEvents(deps.prefix).registeredMany(em, req, tenantId, members);
  // Thousands of new rows: let the planner know before the next aggregate (formation, coverage).
  await refreshPlannerStats(em, SCHEMA);
  const changed = [...new Set(members.map((m) => m.compoundId))];
  const summary = {
    rows: rows.length,
    created: { members: members.length, buildings: newBuildings.size, households: newHouseholds.size },
    compounds: changed.length,
  };
  recordAudit(em, req, {
    tenantId,
    action: 'members.imported',
    targetType: 'members',
    targetId: 'import',
    after: summary,
  });
  await deps.rosterChanged(em, tenantId, changed);
  return summary;
}
