/** Display names (简体中文) of the enums the console shows. */

export const WORK_UNIT_KIND_NAMES = {
  'government-agency': '机关',
  enterprise: '企业',
  'public-institution': '事业单位',
} as const;

export const WORK_UNIT_STATUS_NAMES = { active: '正常', inactive: '停用' } as const;

export const LINK_KIND_NAMES = { community: '社区', branch: '小区党支部', compound: '小区' } as const;

export const PARTY_STATUS_NAMES = { full: '正式党员', probationary: '预备党员' } as const;

export const GENDER_NAMES = { male: '男', female: '女' } as const;

/** A member's reporting state (their latest report). */
export const MEMBER_REPORT_STATUS_NAMES = {
  none: '未报到',
  pending: '待确认',
  confirmed: '已报到',
  rejected: '已退回',
} as const;

/** A report's own state. */
export const REPORT_STATUS_NAMES = {
  pending: '待确认',
  confirmed: '已确认',
  rejected: '已退回',
  ended: '已结束',
} as const;

export const MODE_NAMES = {
  'professional-agency': '专业代办',
  'member-co-handling': '党员协办',
  'volunteer-help': '志愿帮办',
} as const;

export const TASK_STATUS_NAMES = {
  open: '待接单',
  accepted: '办理中',
  done: '待核实',
  verified: '已核实',
  cancelled: '已取消',
} as const;

export const DEED_STATUS_NAMES = { pending: '待核实', verified: '已核实', rejected: '未通过' } as const;

/** Why a report ended. */
export const REPORT_END_REASONS = {
  moved: '搬家，已向新小区报到',
  withdrawn: '已撤回',
  left: '已离开本单位',
} as const;
