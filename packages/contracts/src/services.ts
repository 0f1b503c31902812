/** The services that publish events; each owns one JetStream stream (`HF_<SERVICE>`). */
export const SERVICES = [
  'identity',
  'org',
  'resident-services',
  'volunteers',
  'property',
  'dual-reporting',
  'public-opinion',
] as const;

export type ServiceName = (typeof SERVICES)[number];
