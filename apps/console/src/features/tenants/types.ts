export interface TenantSettings {
  branchThreshold: number;
  gridBranchAnnualFundYuan: number;
  windowStaff: { min: number; max: number };
  gridStaff: { min: number; max: number };
  listeningDays: number[];
  volunteerStarHours: number[];
}

export interface Tenant {
  id: string;
  code: string;
  name: string;
  city: string;
  status: 'active' | 'suspended';
  statusName: string;
  settings: TenantSettings;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SettingsView {
  settings: TenantSettings;
  defaults: TenantSettings;
}
