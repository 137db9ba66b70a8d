import { describe, expect, it } from 'vitest';
import { AbortError } from '../../../src/core/errors.js';
import { failIndex, InjectedFailure, isInjected } from '../../../src/demos/shared/failure.js';
import { UsageError } from '../../../src/demos/types.js';

describe('injected failures', () => {
  it('recognises the injected failure alone or as the only kind in an AggregateError', () => {
    expect(isInjected(new InjectedFailure('Bob failed'))).toBe(true);
    expect(isInjected(new AggregateError([new InjectedFailure('B failed')]))).toBe(true);
    expect(new InjectedFailure('x').name).toBe('InjectedFailure');
  });

  it('lets anything else through as unexpected', () => {
    expect(isInjected(new Error('Bob failed'))).toBe(false);
    expect(isInjected(new AbortError('interrupted'))).toBe(false);
    expect(isInjected(new AggregateError([]))).toBe(false);
    expect(isInjected(new AggregateError([new InjectedFailure('B'), new TypeError('bug')]))).toBe(false);
  });

  it('resolves --fail to the named task, the bare choice, or none', () => {
    const names = ['Alice', 'Bob', 'Charlie'];
    expect(failIndex(names, 'Charlie', '--fail <name>')).toBe(2);
    expect(failIndex(names, undefined, '--fail <name>')).toBe(-1);
    expect(failIndex(names, false, '--fail [client]', 1)).toBe(-1);
    expect(failIndex(names, true, '--fail [client]', 1)).toBe(1);
    expect(failIndex(names, true, '--fail <name>')).toBe(-1);
    expect(() => failIndex(names, 'Zed', '--fail [client]', 1)).toThrow(
      new UsageError("option '--fail [client]' argument 'Zed' is invalid. Allowed: Alice, Bob, Charlie."),
    );
  });
});
