import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembers, formCommittees } from './helpers/formation.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

describe('territory changes under a covered compound', () => {
  it('a compound moved to another grid leaves its old joint branch, which dissolves when it covered nothing else', async () => {
    const { admin } = t.tenant();
    const terr = await t.territory(admin);
    await formCommittees(t, admin, terr);
    const applied = await t.call(admin, 'POST', `/v1/formation/compounds/${terr.compound.id}/apply`, {}, 200);
    const jointId = applied.body.branch.id;
    expect((await t.call(admin, 'GET', `/v1/compounds/${terr.compound.id}`)).body).toMatchObject({
      branchForm: 'joint-branch',
      branchId: jointId,
    });
    const grid2 = (
      await t.call(admin, 'POST', '/v1/grids', { communityId: terr.community.id, name: '二网格' }, 201)
    ).body;
    const moved = await t.call(
      admin,
      'PATCH',
      `/v1/compounds/${terr.compound.id}`,
      { gridId: grid2.id },
      200,
    );
    expect(moved.body).toMatchObject({ gridId: grid2.id, branchId: null, branchForm: null });
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${jointId}`)).body.status).toBe('dissolved');
    const coverage = await t.call(admin, 'GET', '/v1/coverage');
    expect(coverage.body.totals).toMatchObject({ compounds: 1, coveredCompounds: 0 });
  });

  it('an archived compound releases its own branch', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin);
    await formCommittees(t, admin, terr);
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    const applied = await t.call(admin, 'POST', `/v1/formation/compounds/${terr.compound.id}/apply`, {}, 200);
    expect(applied.body.branch.level).toBe('compound-branch');
    await t.call(admin, 'POST', `/v1/compounds/${terr.compound.id}/archive`, undefined, 200);
    const c = (await t.call(admin, 'GET', `/v1/compounds/${terr.compound.id}`)).body;
    expect(c).toMatchObject({ archived: true, branchId: null });
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${applied.body.branch.id}`)).body.status).toBe(
      'dissolved',
    );
  });
});
