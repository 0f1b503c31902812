import { recordAudit } from '@hongfan/audit';
import { inServiceMemberReported } from '@hongfan/contracts';
import { importRejected, parseCsvRows } from '@hongfan/csv';
import { inOrder, refreshPlannerStats } from '@hongfan/db';
import { AppError, errors, type FieldIssue } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publishMany, SCHEMA } from '../../events.js';
import { rawExecute, rawQuery } from '../../sql.js';
import type { WorkUnit } from '../work-units/work-unit.entity.js';

/** Columns of a roster file: English key first, then the Chinese headers users type. */
export const MEMBER_COLUMNS = {
  name: ['name', '姓名'],
  phone: ['phone', '手机号', '手机号码', '联系电话'],
  gender: ['gender', '性别'],
  partyStatus: ['party_status', '党员类别'],
  position: ['position', '职务'],
  skills: ['skills', '特长'],
  userId: ['user_id', '账号ID'],
  community: ['community', '社区'],
  compound: ['compound', '小区'],
  address: ['address', '住址'],
};

const GENDERS: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
};
const PARTY_STATUSES: Record<string, 'full' | 'probationary'> = {
  正式: 'full',
  正式党员: 'full',
  full: 'full',
  预备: 'probationary',
  预备党员: 'probationary',
  probationary: 'probationary',
};
const lookup = <T>(map: Record<string, T>, message: string) =>
  z.string().transform((s, ctx) => {
    const v = map[s.trim().toLowerCase()] ?? map[s.trim()];
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return v;
  });

const row = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(40),
  phone: z
    .string({ error: 'is required' })
    .trim()
    .regex(/^1\d{10}$/, 'must be an 11-digit mobile number'),
  gender: lookup(GENDERS, 'must be 男 or 女').optional(),
  partyStatus: lookup(PARTY_STATUSES, 'must be 正式 or 预备').optional(),
  position: z.string().max(60).optional(),
  skills: z.string().max(200).optional(),
  userId: z.string().max(100).optional(),
  community: z.string().max(60).optional(),
  compound: z.string().max(60).optional(),
  address: z.string().max(100).optional(),
});

interface CompoundRow {
  id: string;
  name: string;
  community_name: string;
  community_id: string;
  street_id: string;
  archived: boolean;
}

export interface ImportResult {
  rows: number;
  created: number;
  reported: number;
}

/**
 * Imports a unit's roster from CSV: one member a row, optionally with the compound they live in
 * (小区, with 社区 when compound names repeat across communities), which files a pending report for
 * each. Every bad row is reported with its line (`rows.<line>.<column>`) and a file with any bad
 * row writes nothing. A file holds at most `maxRows` rows: a unit imports its roster in files of
 * that size (the city's 140,000 members are about 700 a unit), so each import is one bounded
 * transaction. Writes are three set-based statements (members, reports, outbox), not one a row.
 */
export async function importMembers(
  em: EntityManager,
  req: FastifyRequest,
  unit: WorkUnit,
  text: string,
  opts: { prefix: string; maxRows: number },
): Promise<ImportResult> {
  const tenantId = unit.tenantId;
  // Count lines before parsing anything: an oversized file is refused without the work.
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  if (lines > opts.maxRows + 1)
    throw new AppError({
      code: 'too_many_rows',
      status: 400,
      title: 'Too many rows',
      detail: `A file holds at most ${opts.maxRows} rows; split the roster into several files`,
      extra: { maxRows: opts.maxRows },
    });
  const { rows, errors: problems } = parseCsvRows(text, MEMBER_COLUMNS, row);
  const badLines = new Set(problems.map((p) => p.path.split('.')[1]));
  const total = rows.length + [...badLines].filter((l) => /^\d+$/.test(l)).length;
  if (total === 0 && !problems.length)
    throw errors.validation([{ path: 'body', message: 'the file has no rows' }]);
  if (total > opts.maxRows)
    throw new AppError({
      code: 'too_many_rows',
      status: 400,
      title: 'Too many rows',
      detail: `A file holds at most ${opts.maxRows} rows; split the roster into several files`,
      extra: { maxRows: opts.maxRows },
    });

  const rowProblems: FieldIssue[] = [...problems];
  const phones = new Map<string, number>();
  const users = new Map<string, number>();
  for (const { line, value } of rows) {
    const first = phones.get(value.phone);
    if (first) rowProblems.push({ path: `rows.${line}.phone`, message: `repeats line ${first}` });
    else phones.set(value.phone, line);
    if (value.userId) {
      const firstUser = users.get(value.userId);
      if (firstUser) rowProblems.push({ path: `rows.${line}.userId`, message: `repeats line ${firstUser}` });
      else users.set(value.userId, line);
    }
  }
  const [takenPhones, takenUsers] = await inOrder(
    () =>
      phones.size
        ? rawQuery<{ phone: string }>(
            em,
            `select phone from ${SCHEMA}.in_service_members
            where tenant_id = ? and archived_at is null and phone = any(?::text[])`,
            [tenantId, [...phones.keys()]],
          )
        : [],
    () =>
      users.size
        ? rawQuery<{ user_id: string }>(
            em,
            `select user_id from ${SCHEMA}.in_service_members
            where tenant_id = ? and archived_at is null and user_id = any(?::text[])`,
            [tenantId, [...users.keys()]],
          )
        : [],
  );
  for (const t of takenPhones)
    rowProblems.push({ path: `rows.${phones.get(t.phone)}.phone`, message: 'is already on a roster' });
  for (const t of takenUsers)
    rowProblems.push({
      path: `rows.${users.get(t.user_id)}.userId`,
      message: 'is already linked to a member',
    });

  // Compounds by name (and by community + name), preloaded once for the whole file.
  const wantsCompounds = rows.some((r) => r.value.compound || r.value.community);
  const byName = new Map<string, CompoundRow[]>();
  if (wantsCompounds)
    for (const c of await rawQuery<CompoundRow>(
      em,
      `select id, name, community_name, community_id, street_id, archived from ${SCHEMA}.compounds where tenant_id = ?`,
      [tenantId],
    )) {
      const list = byName.get(c.name);
      if (list) list.push(c);
      else byName.set(c.name, [c]);
    }
  const placed = new Map<number, CompoundRow>();
  for (const { line, value } of rows) {
    if (!value.compound) {
      if (value.community)
        rowProblems.push({ path: `rows.${line}.compound`, message: 'name the compound in this community' });
      continue;
    }
    let candidates = byName.get(value.compound) ?? [];
    if (value.community) candidates = candidates.filter((c) => c.community_name === value.community);
    if (candidates.length === 0)
      rowProblems.push({ path: `rows.${line}.compound`, message: 'no such compound' });
    else if (candidates.length > 1)
      rowProblems.push({
        path: `rows.${line}.compound`,
        message: 'several compounds have this name; add the 社区 column',
      });
    else if (candidates[0].archived)
      rowProblems.push({ path: `rows.${line}.compound`, message: 'is archived and takes no reports' });
    else placed.set(line, candidates[0]);
  }
  if (rowProblems.length) {
    rowProblems.sort((a, b) => lineOf(a) - lineOf(b));
    throw importRejected(rowProblems, total);
  }

  const actor = req.auth?.subject ?? 'import';
  const members: Record<string, unknown>[] = [];
  const reports: Record<string, unknown>[] = [];
  const events: z.input<typeof inServiceMemberReported.schema>[] = [];
  for (const { line, value } of rows) {
    const id = crypto.randomUUID();
    const c = placed.get(line);
    const reportId = c ? crypto.randomUUID() : null;
    members.push({
      id,
      name: value.name,
      gender: value.gender ?? null,
      phone: value.phone,
      party_status: value.partyStatus ?? 'full',
      position: value.position ?? null,
      skills: value.skills ?? null,
      user_id: value.userId ?? null,
      report_status: c ? 'pending' : 'none',
      current_report_id: reportId,
      compound_id: c?.id ?? null,
      community_id: c?.community_id ?? null,
      street_id: c?.street_id ?? null,
    });
    if (c && reportId) {
      reports.push({
        id: reportId,
        member_id: id,
        compound_id: c.id,
        community_id: c.community_id,
        street_id: c.street_id,
        address: value.address ?? null,
      });
      events.push({
        reportId,
        memberId: id,
        workUnitId: unit.id,
        compoundId: c.id,
        communityId: c.community_id,
        streetId: c.street_id,
        previousReportId: null,
      });
    }
  }
  await rawExecute(
    em,
    `insert into ${SCHEMA}.in_service_members (id, tenant_id, work_unit_id, name, gender, phone, party_status,
       position, skills, user_id, report_status, current_report_id, compound_id, community_id, street_id)
     select r.id, ?, ?, r.name, r.gender, r.phone, r.party_status, r.position, r.skills, r.user_id,
            r.report_status, r.current_report_id, r.compound_id, r.community_id, r.street_id
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text, gender text, phone text, party_status text,
            position text, skills text, user_id text, report_status text, current_report_id uuid,
            compound_id uuid, community_id uuid, street_id uuid)`,
    [tenantId, unit.id, JSON.stringify(members)],
  );
  if (reports.length) {
    await rawExecute(
      em,
      `insert into ${SCHEMA}.reports (id, tenant_id, member_id, work_unit_id, compound_id, community_id, street_id,
         address, status, reported_by)
       select r.id, ?, r.member_id, ?, r.compound_id, r.community_id, r.street_id, r.address, 'pending', ?
         from jsonb_to_recordset(?::jsonb) as r(id uuid, member_id uuid, compound_id uuid, community_id uuid,
              street_id uuid, address text)`,
      [tenantId, unit.id, actor, JSON.stringify(reports)],
    );
    await publishMany(em, { prefix: opts.prefix, req }, inServiceMemberReported, tenantId, events);
  }
  await refreshStatsIfGrown(em, members.length);
  recordAudit(em, req, {
    tenantId,
    action: 'in-service-members.imported',
    targetType: 'work-units',
    targetId: unit.id,
    after: { rows: rows.length, created: members.length, reported: reports.length },
  });
  return { rows: rows.length, created: members.length, reported: reports.length };
}

/**
 * Refreshes the planner's statistics (in this transaction, so they count the new rows) once a
 * tenth of the roster has changed since they were last taken, counting this import: until
 * autovacuum notices, the planner would keep planning for the much smaller roster it last saw
 * (e.g. a scan of 140,000 members where one unit's 700 are wanted). While a city's rosters arrive
 * 700 rows at a time that is every few files, not every file.
 */
async function refreshStatsIfGrown(em: EntityManager, added: number): Promise<void> {
  const [row] = await rawQuery<{ tuples: number; changed: number }>(
    em,
    `select c.reltuples::float8 as tuples, coalesce(s.n_mod_since_analyze, 0)::float8 as changed
       from pg_class c left join pg_stat_user_tables s on s.relid = c.oid
      where c.oid = '${SCHEMA}.in_service_members'::regclass`,
  );
  if (row.tuples <= 0 || row.changed + added >= row.tuples * 0.1) await refreshPlannerStats(em, SCHEMA);
}

function lineOf(p: FieldIssue): number {
  const n = Number(p.path.split('.')[1]);
  return Number.isFinite(n) ? n : 0;
}
