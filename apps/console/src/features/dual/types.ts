export type ServiceMode = 'professional-agency' | 'member-co-handling' | 'volunteer-help';
export const SERVICE_MODES: ServiceMode[] = ['professional-agency', 'member-co-handling', 'volunteer-help'];
export const WORK_UNIT_KINDS = ['government-agency', 'enterprise', 'public-institution'] as const;

export interface WorkUnit {
  id: string;
  name: string;
  kind: (typeof WORK_UNIT_KINDS)[number];
  kindName: string;
  partyOrgName: string;
  contactName: string | null;
  contactPhone: string | null;
  status: 'active' | 'inactive';
  statusName: string;
  members: number;
  reported: number;
  pending: number;
  version: number;
}

export interface InServiceMember {
  id: string;
  workUnitId: string;
  workUnitName: string;
  name: string;
  gender: 'male' | 'female' | null;
  genderName: string | null;
  phone: string;
  partyStatus: 'full' | 'probationary';
  partyStatusName: string;
  position: string | null;
  skills: string | null;
  userId: string | null;
  reportStatus: 'none' | 'pending' | 'confirmed' | 'rejected';
  reportStatusName: string;
  currentReportId: string | null;
  compoundId: string | null;
  compoundName: string | null;
  communityName: string | null;
  archived: boolean;
  version: number;
}

export interface Report {
  id: string;
  memberId: string;
  memberName: string;
  workUnitName: string;
  compoundId: string;
  compoundName: string;
  communityName: string;
  address: string | null;
  status: 'pending' | 'confirmed' | 'rejected' | 'ended';
  statusName: string;
  reportedAt: string;
  decidedAt: string | null;
  rejectReason: string | null;
}

export interface Task {
  id: string;
  compoundId: string;
  compoundName: string;
  communityName: string;
  title: string;
  need: string;
  residentName: string | null;
  residentContact: string | null;
  address: string | null;
  mode: ServiceMode;
  modeName: string;
  status: 'open' | 'accepted' | 'done' | 'verified' | 'cancelled';
  statusName: string;
  dueOn: string | null;
  memberName: string | null;
  workUnitName: string | null;
  hours: number | null;
  resultNote: string | null;
  returnReason: string | null;
  createdAt: string;
}

export interface Deed {
  id: string;
  memberName: string;
  workUnitName: string;
  compoundName: string;
  source: 'task' | 'self';
  mode: ServiceMode;
  modeName: string;
  title: string;
  description: string | null;
  doneOn: string;
  hours: number;
  status: 'pending' | 'verified' | 'rejected';
  statusName: string;
  rejectReason: string | null;
}

export interface DrCompound {
  id: string;
  name: string;
  streetName: string;
  communityName: string;
  gridName: string;
  branchName: string | null;
}

/** dual-reporting's in-service member import columns. */
export const IN_SERVICE_COLUMNS = {
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

export const STATUS_COLOR: Record<string, string> = {
  none: 'default',
  pending: 'gold',
  confirmed: 'green',
  rejected: 'red',
  ended: 'default',
  open: 'blue',
  accepted: 'gold',
  done: 'cyan',
  verified: 'green',
  cancelled: 'default',
};
