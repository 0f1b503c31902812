import { describe, expect, it } from 'vitest';
import { ApiError, bodyPathToField, importProblems, problemToFormErrors } from './problem';

describe('problem+json → form fields', () => {
  it('maps body paths to nested field names, numbers as list indexes', () => {
    expect(bodyPathToField('body.name')).toEqual(['name']);
    expect(bodyPathToField('body.admin.username')).toEqual(['admin', 'username']);
    expect(bodyPathToField('body.volunteerStarHours.2')).toEqual(['volunteerStarHours', 2]);
    expect(bodyPathToField('querystring.limit')).toBeNull();
    expect(bodyPathToField('body')).toBeNull();
  });

  it('puts each issue on its field, merges messages, and keeps the rest for an alert', () => {
    const { fields, other } = problemToFormErrors([
      { path: 'body.code', message: 'must be a 6-digit administrative division code' },
      { path: 'body.code', message: 'already taken' },
      { path: 'body.admin.password', message: '8–128 characters with letters and digits' },
      { path: 'querystring.limit', message: 'too big' },
    ]);
    expect(fields).toEqual([
      { name: ['code'], errors: ['must be a 6-digit administrative division code', 'already taken'] },
      { name: ['admin', 'password'], errors: ['8–128 characters with letters and digits'] },
    ]);
    expect(other).toEqual([{ path: 'querystring.limit', message: 'too big' }]);
  });

  it('lands a deeper path on the nearest field the form has', () => {
    const { fields, other } = problemToFormErrors(
      [
        { path: 'body.scope.streets.0', message: 'Invalid UUID' },
        { path: 'body.tenantId', message: 'Unrecognized key' },
      ],
      [['scope'], ['name']],
    );
    expect(fields).toEqual([{ name: ['scope'], errors: ['Invalid UUID'] }]);
    expect(other).toEqual([{ path: 'body.tenantId', message: 'Unrecognized key' }]);
  });

  it('reads an import rejection row by row and column by column', () => {
    const p = importProblems([
      { path: 'header', message: 'missing column lat (lat / 纬度)' },
      { path: 'rows.3.compound', message: 'is required' },
      { path: 'rows.3.phone', message: 'must be an 11-digit mainland mobile number' },
      { path: 'rows.7.building', message: 'no such building in this compound' },
      { path: 'rows.9', message: 'duplicate row' },
    ]);
    expect(p.file).toEqual(['missing column lat (lat / 纬度)']);
    expect([...p.rows.keys()]).toEqual([3, 7, 9]);
    expect(p.rows.get(3)?.get('compound')).toEqual(['is required']);
    expect(p.rows.get(3)?.get('phone')).toHaveLength(1);
    expect(p.rows.get(9)?.get('row')).toEqual(['duplicate row']);
  });

  it('keeps only well-formed issues from a problem body', () => {
    const e = new ApiError(400, {
      code: 'validation_failed',
      title: 'Bad',
      errors: [{ path: 'body.x', message: 'm' }, { nope: 1 }],
    });
    expect(e.errors).toEqual([{ path: 'body.x', message: 'm' }]);
    expect(e.code).toBe('validation_failed');
    expect(new ApiError(0, {}).code).toBe('network');
  });
});
