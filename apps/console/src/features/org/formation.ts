export interface FormationView {
  compoundId: string;
  compoundName: string;
  streetId: string;
  streetName: string;
  communityId: string;
  communityName: string;
  gridId: string;
  gridName: string;
  counts: { selfFull: number; selfProbationary: number; nonSelf: number; total: number };
  threshold: number;
  recommendation: {
    form: 'own-branch' | 'joint-branch';
    formName: string;
    branchName: string;
    reason: string;
  };
  weakBase: boolean;
  liaison: {
    id: string;
    cadreKindName: string;
    cadreName: string;
    cadrePhone: string | null;
    startedOn: string;
  } | null;
  current: { form: string; formName: string; branchId: string; branchName: string | null } | null;
  fits: boolean | null;
  flag: string | null;
  flagName: string | null;
  warnings: { code: string; message: string }[];
}

export interface ApplyResult {
  changed: boolean;
  formed: boolean;
  formation: FormationView;
}

export interface PartyOrg {
  id: string;
  level: string;
  levelName: string;
  name: string;
  parentId: string | null;
  compoundIds: string[];
  status: 'active' | 'dissolved';
  formedOn: string;
}
