import { describe, expect, it } from 'vitest';
import { AbortError } from '../../../src/core/errors.js';
import { failOption, InjectedFailure, isInjected } from '../../../src/demos/shared/failure.js';
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
    const named = failOption('--fail <name>', 'make this one throw');
    const client = failOption('--fail [client]', 'make this client throw', (all) => Math.min(1, all.length - 1));
    const given = (fail: unknown) => ({ options: fail === undefined ? {} : { fail } });
    expect(named.index(names, given('Charlie'))).toBe(2);
    expect(named.index(names, given(undefined))).toBe(-1);
    expect(client.index(names, given(false))).toBe(-1);
    expect(client.index(names, given(true))).toBe(1);
    expect(client.index(['Alice'], given(true))).toBe(0);
    expect(named.index(names, given(true))).toBe(-1);
    expect(() => client.index(names, given('Zed'))).toThrow(
      new UsageError("option '--fail [client]' argument 'Zed' is invalid. Allowed: Alice, Bob, Charlie."),
    );
  });

  it('declares the option the CLI builds: the flags it reads back, as a string option', () => {
    expect(failOption('--fail <item>', 'make this item throw').option).toEqual({
      flags: '--fail <item>',
      description: 'make this item throw',
      kind: 'string',
    });
  });
});
