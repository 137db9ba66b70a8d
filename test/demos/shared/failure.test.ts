import { describe, expect, it } from 'vitest';
import { AbortError } from '../../../src/core/errors.js';
import { InjectedFailure, isInjected } from '../../../src/demos/shared/failure.js';

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
});
