import { withPlatform } from '@hongfan/db';
import type { MikroORM } from '@mikro-orm/postgresql';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { PlatformAdminEntity } from './platform-admin.entity.js';

/**
 * Ensures the configured platform admin exists with the configured password, so a fresh system
 * can be logged into with the credentials the start command prints.
 */
export async function ensurePlatformAdmin(orm: MikroORM, username: string, password: string): Promise<void> {
  await withPlatform(orm, async (em) => {
    const admin = await em.findOne(PlatformAdminEntity, { username });
    if (!admin) {
      em.create(PlatformAdminEntity, {
        username,
        displayName: '平台管理员',
        passwordHash: await hashPassword(password),
      });
    } else if (!(await verifyPassword(password, admin.passwordHash))) {
      admin.passwordHash = await hashPassword(password);
    }
  });
}
