/**
 * Validation of asyncdemo's documents against their published schemas (schema.ts),
 * with ajv. ajv is loaded on first use, through require (it is CommonJS), so that the
 * commands that never read a document do not pay for it at start-up.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { schemaFor, type SchemaName } from './schema.js';

const require = createRequire(import.meta.url);

/** What {@link validateDocument} found: ok, or the first problems in ajv's words. */
export type Validation = { ok: true } | { ok: false; errors: string[] };

const compiled = new Map<string, ValidateFunction>();

/**
 * Validates `doc` against the schema `name`, or against a schema of one's own (the
 * test suite passes a stricter one). Compiled once per schema object and name.
 *
 * @example
 * const v = validateDocument('report', JSON.parse(text));
 * if (!v.ok) console.error(v.errors[0]); // "/variants/0/ms must be object"
 */
export function validateDocument(name: SchemaName, doc: unknown, schema?: Record<string, unknown>): Validation {
  const key = schema === undefined ? name : `${name}:custom`;
  let validate = schema === undefined ? compiled.get(key) : undefined;
  if (validate === undefined) {
    const AjvClass = (require('ajv') as { Ajv: typeof Ajv }).Ajv;
    // allErrors off: the first problem is what a one-line message needs, and it is faster.
    validate = new AjvClass({ strict: true, allowUnionTypes: true }).compile(schema ?? schemaFor(name));
    if (schema === undefined) compiled.set(key, validate);
  }
  if (validate(doc)) return { ok: true };
  return { ok: false, errors: (validate.errors ?? []).map(describe) };
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the document' : e.instancePath;
  return `${where} ${e.message ?? 'is invalid'}`;
}
