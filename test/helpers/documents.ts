/**
 * Schema checks for every asyncdemo document the tests see. test/setup/documents.ts
 * wraps JSON.parse so that whatever a test parses (a spawned CLI's stdout, an
 * in-process run's output, a file the CLI wrote) is validated when it names one of
 * asyncdemo's schemas; a document that does not match fails the test that parsed it.
 *
 * The schemas are checked strictly here: the published ones let readers meet fields
 * they do not know (a newer asyncdemo adds some within `/1`), but a field this code
 * writes without the schema naming it is drift, and fails the suite.
 */
import { SCHEMA_IDS, SCHEMA_NAMES, schemaFor, type SchemaName } from '../../src/cli/schema.js';
import { validateDocument } from '../../src/cli/validate.js';

/**
 * The schema `name` with `additionalProperties: false` on every object that lists its
 * properties (free-form maps such as `params` and `details` list none and stay open).
 */
export function strictSchema(name: SchemaName): Record<string, unknown> {
  return close(schemaFor(name)) as Record<string, unknown>;
}

function close(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(close);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = close(value);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

const strict = new Map<SchemaName, Record<string, unknown>>();

/**
 * The problems of `doc` against the strict schema its `schema` member names; empty when
 * it matches, or when it names none of asyncdemo's current schemas (a test may build a
 * `/2` document on purpose).
 */
export function documentProblems(doc: unknown): string[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const id = (doc as { schema?: unknown }).schema;
  const name = SCHEMA_NAMES.find((n) => SCHEMA_IDS[n] === id);
  if (name === undefined) return [];
  let schema = strict.get(name);
  if (schema === undefined) strict.set(name, (schema = strictSchema(name)));
  const result = validateDocument(name, doc, schema);
  return result.ok ? [] : result.errors.map((e) => `${String(id)}: ${e}`);
}

/**
 * What the JSON.parse wrapper of test/setup/documents.ts collected: the text of every
 * parse since the last {@link validatePending}, with the test that made it (checked
 * later, not in the parse: compiling and running the validator inside a timed test
 * would slow the very thing it measures); and whether checks are paused.
 */
export const checks = {
  pending: [] as { text: string; test: string }[],
  paused: 0,
  /** The original JSON.parse, for re-parsing what was collected. */
  parse: JSON.parse.bind(JSON) as (text: string) => unknown,
};

/**
 * Validates what was collected since the last call and returns its problems, each
 * naming the test that parsed the document.
 */
export function validatePending(): string[] {
  return checks.pending.splice(0).flatMap(({ text, test }) => {
    let doc: unknown;
    try {
      doc = checks.parse(text);
    } catch {
      return [];
    }
    return documentProblems(doc).map((p) => `${test}: ${p}`);
  });
}

/**
 * Runs `fn` with the checks paused: for a test that feeds the CLI a malformed document
 * on purpose (to see it refused).
 */
export async function withoutDocumentChecks<T>(fn: () => Promise<T> | T): Promise<T> {
  checks.paused++;
  try {
    return await fn();
  } finally {
    checks.paused--;
  }
}

/** JSON.parse without the schema check: for a document made malformed on purpose. */
export function uncheckedParse(text: string): unknown {
  checks.paused++;
  try {
    return JSON.parse(text) as unknown;
  } finally {
    checks.paused--;
  }
}
