import { z } from 'zod';

/** Cell parsers for CSV rows (cells arrive as strings; empty cells as undefined). */
export const csvInt = () =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number');
export const csvNumber = () => z.coerce.number({ error: 'must be a number' });
/** 是/否, true/false, 1/0, y/n. */
export const csvBool = () =>
  z.string().transform((s, ctx) => {
    const v = s.trim().toLowerCase();
    if (['是', 'true', '1', 'y', 'yes'].includes(v)) return true;
    if (['否', 'false', '0', 'n', 'no'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be 是 or 否' });
    return z.NEVER;
  });
