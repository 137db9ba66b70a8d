/**
 * Every JSON document a test parses is validated against asyncdemo's published schema
 * when it names one (see test/helpers/documents.ts), so a report field added without
 * the schema, or a schema that no longer matches the code, fails the suite at once.
 */
import { afterEach, expect } from 'vitest';
import { checks, documentProblems } from '../helpers/documents.js';

const parse = JSON.parse.bind(JSON);

JSON.parse = function parseAndCheck(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown): unknown {
  const value = parse(text, reviver) as unknown;
  if (checks.paused === 0) checks.problems.push(...documentProblems(value));
  return value;
} as typeof JSON.parse;

afterEach(() => {
  const problems = checks.problems.splice(0);
  expect(problems, 'a JSON document does not match its published schema (asyncdemo schema …)').toEqual([]);
});
