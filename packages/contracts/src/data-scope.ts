import { z } from 'zod';
import { uuidSchema } from './ids.js';

/**
 * The org units a user may see (the JWT `scope` claim). An absent key means no restriction of
 * that kind; role checks decide whether an unrestricted kind is visible at all.
 */
export const dataScopeSchema = z.object({
  streets: z.array(uuidSchema).optional(),
  communities: z.array(uuidSchema).optional(),
  grids: z.array(uuidSchema).optional(),
  compounds: z.array(uuidSchema).optional(),
  branches: z.array(uuidSchema).optional(),
  workUnits: z.array(uuidSchema).optional(),
  propertyCompanies: z.array(uuidSchema).optional(),
});

export type DataScope = z.output<typeof dataScopeSchema>;
