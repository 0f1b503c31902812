/**
 * 合理设置党支部: the rule that recommends a compound's branch form, kept free of I/O so the
 * routes, the apply flow and the re-evaluation all judge a compound the same way.
 *
 * - Only ACTIVE, SELF-MANAGED, FULL members count (`selfFull`): probationary members (预备党员) and
 *   non-self-managed members (非自管党员, whose membership is held elsewhere) do not.
 * - selfFull ≥ the tenant's `branchThreshold` (default 3) → `own-branch` (its own 小区党支部,
 *   named after the compound); otherwise `joint-branch` (the grid's 联合党支部).
 * - WEAK BASE (党员基础薄弱): selfFull = 0 — not one self-managed full member lives there, whether
 *   the compound has no members at all or only probationary / non-self-managed ones. Nobody of its
 *   own can carry branch work or be its secretary, so it needs a liaison cadre (联系包保: a street
 *   cadre or a community two-committee member) and the formation view warns while it has none.
 */

export type BranchForm = 'own-branch' | 'joint-branch';

export interface FormationCounts {
  /** Active, self-managed, full members: the only ones the rule counts. */
  selfFull: number;
  selfProbationary: number;
  /** Active non-self-managed members (full or probationary). */
  nonSelf: number;
  /** Every active member living in the compound. */
  total: number;
}

/** The most self-managed full members a compound may have and still be a weak base. */
export const WEAK_BASE_MAX_SELF_FULL = 0;

export const NO_MEMBERS: FormationCounts = { selfFull: 0, selfProbationary: 0, nonSelf: 0, total: 0 };

export function recommend(
  counts: FormationCounts,
  threshold: number,
): { form: BranchForm; weakBase: boolean } {
  return {
    form: counts.selfFull >= threshold ? 'own-branch' : 'joint-branch',
    weakBase: counts.selfFull <= WEAK_BASE_MAX_SELF_FULL,
  };
}

/** Set on a compound whose applied form no longer fits the rule (its roster or the threshold changed). */
export const FORM_MISMATCH = 'form-mismatch';
export const FLAG_NAMES: Record<string, string> = { [FORM_MISMATCH]: '设置形式与规则不符，需调整' };

export const FORM_NAMES: Record<BranchForm, string> = {
  'own-branch': '小区党支部',
  'joint-branch': '网格(联合)党支部',
};

/** Why the rule recommends what it does, in the users' language. */
export function reasonText(
  counts: FormationCounts,
  threshold: number,
  form: BranchForm,
  jointBranchName: string,
): string {
  return form === 'own-branch'
    ? `自管正式党员${counts.selfFull}名，达到${threshold}名的标准，宜单独成立小区党支部`
    : `自管正式党员${counts.selfFull}名，不足${threshold}名，宜纳入${jointBranchName}`;
}

export const CADRE_KIND_NAMES = {
  'street-cadre': '街道干部',
  'community-committee': '社区"两委"成员',
} as const;
