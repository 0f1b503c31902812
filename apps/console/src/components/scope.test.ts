import { describe, expect, it } from 'vitest';
import { scopeToValues, valuesToScope } from './scope';

describe('data scope ↔ tree values', () => {
  it('turns a scope into tree values and back', () => {
    const scope = { streets: ['s1'], compounds: ['p1', 'p2'] };
    const values = scopeToValues(scope);
    expect(values).toEqual(['street:s1', 'compound:p1', 'compound:p2']);
    expect(valuesToScope(values)).toEqual(scope);
  });

  it('keeps kinds the tree does not pick and drops emptied territory kinds', () => {
    const previous = { communities: ['c1'], workUnits: ['w1'], branches: [] };
    expect(valuesToScope(['grid:g1'], previous)).toEqual({ workUnits: ['w1'], grids: ['g1'] });
    expect(valuesToScope([], previous)).toEqual({ workUnits: ['w1'] });
  });

  it('ignores duplicates and unknown kinds', () => {
    expect(valuesToScope(['street:s1', 'street:s1', 'building:b1'])).toEqual({ streets: ['s1'] });
  });
});
