export interface Member {
  id: string;
  name: string;
  gender: 'male' | 'female';
  genderName: string;
  birthYear: number;
  phone: string;
  phoneMasked: boolean;
  status: 'full' | 'probationary';
  statusName: string;
  management: 'self' | 'non-self';
  managementName: string;
  membershipOrg: string | null;
  isHomeowner: boolean;
  joinedOn: string;
  streetId: string;
  communityId: string;
  gridId: string;
  compoundId: string;
  compoundName: string | null;
  buildingId: string | null;
  buildingName: string | null;
  householdId: string | null;
  room: string | null;
  archived: boolean;
  archiveReasonName: string | null;
  version: number;
}

/** org's member import columns (apps/org member-import.ts). */
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
export const MEMBER_OPTIONAL = ['building', 'room', 'membershipOrg', 'isHomeowner'];

export const ARCHIVE_REASONS = [
  'moved-away',
  'deceased',
  'membership-transferred',
  'duplicate',
  'other',
] as const;
