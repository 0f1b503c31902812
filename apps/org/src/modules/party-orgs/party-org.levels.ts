import type { PartyOrgLevel } from '@hongfan/contracts';

/** Display names (simplified Chinese) of the five levels; level 3 has two forms. */
export const LEVEL_NAMES: Readonly<Record<PartyOrgLevel, string>> = {
  'street-committee': '街道党工委',
  'community-committee': '社区党委',
  'compound-branch': '小区党支部',
  'grid-branch': '网格(联合)党支部',
  'building-group': '楼栋党小组',
  'central-household': '党员中心户',
};

/** Level number in the chain (1 = street committee … 5 = central household). */
export const LEVEL_RANK: Readonly<Record<PartyOrgLevel, number>> = {
  'street-committee': 1,
  'community-committee': 2,
  'compound-branch': 3,
  'grid-branch': 3,
  'building-group': 4,
  'central-household': 5,
};

export type TerritoryField =
  | 'streetId'
  | 'communityId'
  | 'gridId'
  | 'compoundId'
  | 'buildingId'
  | 'householdId';

/** The territory unit each level covers (the body field naming it). */
export const LEVEL_TERRITORY: Readonly<Record<PartyOrgLevel, TerritoryField>> = {
  'street-committee': 'streetId',
  'community-committee': 'communityId',
  'compound-branch': 'compoundId',
  'grid-branch': 'gridId',
  'building-group': 'buildingId',
  'central-household': 'householdId',
};

/** What each level's parent must be. A building group hangs under whichever branch covers its compound. */
export const PARENT_LEVELS: Readonly<Record<PartyOrgLevel, readonly PartyOrgLevel[]>> = {
  'street-committee': [],
  'community-committee': ['street-committee'],
  'compound-branch': ['community-committee'],
  'grid-branch': ['community-committee'],
  'building-group': ['compound-branch', 'grid-branch'],
  'central-household': ['building-group'],
};

/** Levels that cover compounds (compounds.branch_id points at them). */
export const BRANCH_LEVELS: readonly PartyOrgLevel[] = ['compound-branch', 'grid-branch'];
export const isBranch = (level: PartyOrgLevel) => BRANCH_LEVELS.includes(level);

export const STATUS_NAMES = { active: '正常', dissolved: '已撤销' } as const;

/** Which branch level a branch form uses. */
export const FORM_LEVEL = { 'own-branch': 'compound-branch', 'joint-branch': 'grid-branch' } as const;
