import { jointBranchNames, ownBranchNames } from '../party-orgs/party-org.service.js';
import { CADRE_KIND_NAMES, FLAG_NAMES, FORM_NAMES, reasonText, recommend } from './formation.rules.js';
import type { FormationView } from './formation.schemas.js';
import type { FormationRow } from './formation.sql.js';

/** A compound as branch formation sees it: counts, the rule's verdict, what is applied, and warnings. */
export function toFormationView(r: FormationRow, threshold: number): FormationView {
  const counts = {
    selfFull: r.selfFull,
    selfProbationary: r.selfProbationary,
    nonSelf: r.nonSelf,
    total: r.total,
  };
  const { form, weakBase } = recommend(counts, threshold);
  const jointName = r.gridBranchName ?? jointBranchNames(r.gridName, r.communityName, r.streetName)[0];
  const branchName =
    form === 'own-branch'
      ? r.branchForm === 'own-branch' && r.branchName
        ? r.branchName
        : ownBranchNames(r.name, r.communityName, r.streetName)[0]
      : jointName;
  const fits = r.branchId && r.branchForm ? r.branchForm === form : null;
  const warnings: FormationView['warnings'] = [];
  if (!r.branchId)
    warnings.push({ code: 'uncovered', message: `尚未被党支部覆盖，按规则宜设置为${FORM_NAMES[form]}` });
  else if (fits === false)
    warnings.push({
      code: 'form-mismatch',
      message: `现为${FORM_NAMES[r.branchForm as 'own-branch']}，按规则应为${FORM_NAMES[form]}，请重新设置`,
    });
  if (weakBase && !r.liaison)
    warnings.push({
      code: 'weak-base-without-liaison',
      message: '党员基础薄弱（无自管正式党员），尚未安排联系包保干部',
    });
  return {
    compoundId: r.id,
    compoundName: r.name,
    streetId: r.streetId,
    streetName: r.streetName,
    communityId: r.communityId,
    communityName: r.communityName,
    gridId: r.gridId,
    gridName: r.gridName,
    counts,
    threshold,
    recommendation: {
      form,
      formName: FORM_NAMES[form],
      branchName,
      reason: reasonText(counts, threshold, form, jointName),
    },
    weakBase,
    liaison: r.liaison ? { ...r.liaison, cadreKindName: CADRE_KIND_NAMES[r.liaison.cadreKind] } : null,
    current:
      r.branchId && r.branchForm
        ? {
            form: r.branchForm,
            formName: FORM_NAMES[r.branchForm],
            branchId: r.branchId,
            branchName: r.branchName,
          }
        : null,
    fits,
    flag: r.flag,
    flagName: r.flag ? (FLAG_NAMES[r.flag] ?? r.flag) : null,
    flaggedAt: r.flaggedAt ? r.flaggedAt.toISOString() : null,
    warnings,
  };
}
