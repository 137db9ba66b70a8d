/**
 * Every JSON document a test parses is validated against asyncdemo's published schema
 * when it names one (see test/helpers/documents.ts), so a report field added without
 * the schema, or a schema that no longer matches the code, fails the suite. The parse
 * only keeps the text (the schema check runs once the file's tests are done), so that
 * timed tests running concurrently are not held up by it.
 */
import { afterAll, expect } from 'vitest';
import { checks, validatePending } from '../helpers/documents.js';

const parse = JSON.parse.bind(JSON);
checks.parse = parse;

JSON.parse = function parseAndCollect(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown): unknown {
  const value = parse(text, reviver) as unknown;
  // Only text that can be an asyncdemo document: a cheap look, no parsing twice.
  if (checks.paused === 0 && typeof text === 'string' && text.includes('"asyncdemo.')) {
    checks.pending.push({ text, test: expect.getState().currentTestName ?? '(outside a test)' });
  }
  return value;
} as typeof JSON.parse;

afterAll(() => {
  expect(validatePending(), 'a JSON document does not match its published schema (asyncdemo schema …)').toEqual([]);
});
