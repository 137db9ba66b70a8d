import { describe, expect, it } from 'vitest';
import { indexOfName, joinNames, personName, personNames } from '../../../src/demos/shared/names.js';
import { UsageError } from '../../../src/demos/types.js';

describe('demo task names', () => {
  it('starts with the seed cast, goes on to Judy, then numbers from task 11', () => {
    expect(personNames(3)).toEqual(['Alice', 'Bob', 'Charlie']);
    expect(personNames(12).slice(3)).toEqual(['Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'task 11', 'task 12']);
    expect(personName(999_999)).toBe('task 1000000');
    expect(personNames(0)).toEqual([]);
  });

  it('joins names as prose and counts them past the limit', () => {
    expect(joinNames(['Alice'])).toBe('Alice');
    expect(joinNames(['Alice', 'Charlie'])).toBe('Alice and Charlie');
    expect(joinNames(['Alice', 'Charlie', 'Dave'])).toBe('Alice, Charlie and Dave');
    expect(joinNames(personNames(6))).toBe('the other 6 tasks');
    expect(joinNames([], 5, 'items')).toBe('no other items');
  });

  it('finds a name or throws a usage error listing the allowed ones, abbreviated when many', () => {
    expect(indexOfName(['Alice', 'Bob'], 'Bob', '--fail <name>')).toBe(1);
    expect(() => indexOfName(['Alice', 'Bob'], 'Zed', '--fail <name>')).toThrow(
      new UsageError("option '--fail <name>' argument 'Zed' is invalid. Allowed: Alice, Bob."),
    );
    expect(() => indexOfName(personNames(1000), 'Zed', '--fail <name>')).toThrow(
      /Allowed: Alice, Bob, Charlie, Dave, Eve, Frank, Grace, Heidi, Ivan, Judy, …, task 1000\.$/,
    );
    // Exact names only, but a slip of case is named.
    expect(() => indexOfName(personNames(1000), 'bob', '--fail <name>')).toThrow(
      /Allowed: Alice, Bob, .*, task 1000\. Did you mean 'Bob'\?$/,
    );
    expect(() => indexOfName(['A', 'B'], 'b', '--fail <item>')).toThrow(
      new UsageError("option '--fail <item>' argument 'b' is invalid. Allowed: A, B. Did you mean 'B'?"),
    );
  });
});
