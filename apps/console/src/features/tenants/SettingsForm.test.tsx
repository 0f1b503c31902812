import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { SettingsForm } from './SettingsForm';

const defaults = {
  branchThreshold: 3,
  gridBranchAnnualFundYuan: 3000,
  windowStaff: { min: 2, max: 3 },
  gridStaff: { min: 5, max: 10 },
  listeningDays: [5, 15, 25],
  volunteerStarHours: [100, 300, 600, 1000, 1500],
};
const TENANT = 't-1';

function setup(patch?: (body: unknown) => { status?: number; body?: unknown }) {
  return renderWithApp(<SettingsForm tenantId={TENANT} />, {
    handler: (req) => {
      if (req.path !== `/api/identity/v1/tenants/${TENANT}/settings`) return undefined;
      if (req.method === 'GET') return { body: { settings: { ...defaults, branchThreshold: 4 }, defaults } };
      return patch?.(req.body) ?? { body: { settings: defaults, defaults } };
    },
  });
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('SettingsForm', () => {
  it('shows each setting with its default beside it', async () => {
    setup();
    await waitFor(() => expect(input('单独建支部所需自管正式党员数').value).toBe('4'));
    expect(screen.getByText('默认：3')).toBeTruthy();
    expect(screen.getByText('默认：¥3,000.00')).toBeTruthy();
    expect(screen.getByText('默认：5–10')).toBeTruthy();
  });

  it('refuses min above max on the field itself, without calling the service', async () => {
    const { calls } = setup();
    await waitFor(() => expect(input('单独建支部所需自管正式党员数').value).toBe('4'));
    const [gridMin] = screen
      .getAllByRole('spinbutton')
      .filter((el) => (el as HTMLInputElement).value === '5');
    fireEvent.change(gridMin, { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('最少人数不能大于最多人数')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('sends only the changed field, and shows the service’s field errors on the fields', async () => {
    const { calls } = setup(() => ({
      status: 400,
      body: {
        code: 'validation_failed',
        title: 'Bad',
        requestId: 'r-9',
        errors: [{ path: 'body.branchThreshold', message: 'Too big: expected number to be <=50' }],
      },
    }));
    await waitFor(() => expect(input('单独建支部所需自管正式党员数').value).toBe('4'));
    fireEvent.change(input('单独建支部所需自管正式党员数'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('不能大于 50')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ branchThreshold: 5 });
    expect(screen.getByText(/r-9/)).toBeTruthy();
  });
});
