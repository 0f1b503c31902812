import { toCsv } from '@hongfan/csv';
import { inOrder } from '@hongfan/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { effectiveAuth, scoped } from '../../access.js';
import { CommunityEntity, GridEntity, StreetEntity } from '../territory/territory.entities.js';
import { keepsRosters } from './member.access.js';
import { type Member, MemberEntity } from './member.entities.js';
import {
  GENDER_NAMES,
  MANAGEMENT_NAMES,
  type MemberExportQuery,
  STATUS_NAMES,
  todayInChina,
} from './member.schemas.js';
import { maskPhone, memberNames } from './member.view.js';

const ROSTER_TITLES = { self: '自管党员名册', 'non-self': '非自管党员名册' } as const;

/** `attachment` with an ASCII fallback name and the real (Chinese) one in RFC 5987 form. */
export function attachment(fallback: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The roster as CSV (UTF-8 with BOM, Chinese headers that the import accepts back): active members
 * in the caller's scope, by street, community, compound and name. Whole phone numbers only for
 * roster keepers; readers get them masked.
 */
export async function exportMembers(em: EntityManager, req: FastifyRequest, q: MemberExportQuery) {
  const auth = await effectiveAuth(em, req);
  const where: Record<string, unknown> = { archivedAt: null };
  for (const k of [
    'management',
    'status',
    'streetId',
    'communityId',
    'gridId',
    'compoundId',
    'isHomeowner',
  ] as const)
    if (q[k] !== undefined) where[k] = q[k];
  const members = await em.find(
    MemberEntity,
    { $and: [scoped(auth), where] },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
  const ids = (f: (m: Member) => string) => [...new Set(members.map(f))];
  const [names, streets, communities, grids] = await inOrder(
    () => memberNames(em, members),
    () => em.find(StreetEntity, { id: { $in: ids((m) => m.streetId) } }, { fields: ['id', 'name'] }),
    () => em.find(CommunityEntity, { id: { $in: ids((m) => m.communityId) } }, { fields: ['id', 'name'] }),
    () => em.find(GridEntity, { id: { $in: ids((m) => m.gridId) } }, { fields: ['id', 'name'] }),
  );
  const nameOf = new Map<string, string>([...streets, ...communities, ...grids].map((x) => [x.id, x.name]));
  const collator = new Intl.Collator('zh-Hans-CN');
  const place = (m: Member) => [
    nameOf.get(m.streetId) ?? '',
    nameOf.get(m.communityId) ?? '',
    names.compounds.get(m.compoundId) ?? '',
  ];
  members.sort((a, b) => {
    const pa = place(a);
    const pb = place(b);
    for (let i = 0; i < pa.length; i++) {
      const c = collator.compare(pa[i], pb[i]);
      if (c) return c;
    }
    return collator.compare(a.name, b.name);
  });
  const fullPhones = keepsRosters(auth);
  const csv = toCsv(members, [
    { header: '姓名', value: (m) => m.name },
    { header: '性别', value: (m) => GENDER_NAMES[m.gender] },
    { header: '出生年份', value: (m) => m.birthYear },
    { header: '手机号', value: (m) => (fullPhones ? m.phone : maskPhone(m.phone)) },
    { header: '街道', value: (m) => nameOf.get(m.streetId) },
    { header: '社区', value: (m) => nameOf.get(m.communityId) },
    { header: '网格', value: (m) => nameOf.get(m.gridId) },
    { header: '小区', value: (m) => names.compounds.get(m.compoundId) },
    { header: '楼栋', value: (m) => (m.buildingId ? names.buildings.get(m.buildingId) : null) },
    { header: '房号', value: (m) => (m.householdId ? names.households.get(m.householdId)?.room : null) },
    { header: '党员类别', value: (m) => STATUS_NAMES[m.status] },
    { header: '管理方式', value: (m) => MANAGEMENT_NAMES[m.management] },
    { header: '组织关系所在单位', value: (m) => m.membershipOrg },
    { header: '是否业主', value: (m) => m.isHomeowner },
    { header: '入党日期', value: (m) => m.joinedOn },
  ]);
  const day = todayInChina();
  const title = q.management ? ROSTER_TITLES[q.management] : '党员名册';
  return {
    csv,
    rows: members.length,
    disposition: attachment(`members-${q.management ?? 'all'}-${day}.csv`, `${title}-${day}.csv`),
  };
}
