/**
 * Reading a report or summary back from a file, for `compare` and `--baseline`: every
 * way it can be wrong (missing, not JSON, not asyncdemo's, from a newer asyncdemo,
 * malformed) becomes one sentence, since either command then refuses with exit 2.
 */
import { readFileSync } from 'node:fs';
import { asyncdemoVersion, type EnvInfo, type JsonReport } from './report-json.js';
import { SCHEMA_IDS } from './schema.js';
import { validateDocument } from './validate.js';

/** A report or summary read from a file, as a list of reports (one for a report). */
export interface LoadedDocument {
  /** The file as the user named it. */
  file: string;
  kind: 'report' | 'summary';
  reports: JsonReport[];
  /** Where it was measured (a summary's first report's: one run, one machine). */
  env: EnvInfo;
}

/** Why a file cannot be compared: its message is the whole one-line explanation. */
export class DocumentError extends Error {
  override name = 'DocumentError';
}

const ID = /^asyncdemo\.([a-z]+)\/(\d+)$/;

/**
 * Reads, parses and validates `file` as an `asyncdemo.report/1` or
 * `asyncdemo.summary/1` document.
 *
 * @throws DocumentError with a one-line reason: unreadable, not JSON, not a report,
 *   a newer schema, malformed, or a summary without reports.
 * @example
 * const base = readDocument('base.json'); // { file: 'base.json', kind: 'report', reports: [ … ], env }
 */
export function readDocument(file: string): LoadedDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new DocumentError(`cannot read ${file}: ${why}.`);
  }
  return parseDocument(file, text);
}

/**
 * {@link readDocument} on text already read.
 *
 * @example
 * parseDocument('-', '{"schema":"asyncdemo.report/1", …}');
 */
export function parseDocument(file: string, text: string): LoadedDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new DocumentError(`${file} is not JSON, so not an asyncdemo report (write one with --json).`);
  }
  const id = typeof doc === 'object' && doc !== null ? (doc as { schema?: unknown }).schema : undefined;
  const match = typeof id === 'string' ? ID.exec(id) : null;
  if (match === null) throw new DocumentError(`${file} is not an asyncdemo report: it has no "schema": "${SCHEMA_IDS.report}" (write one with --json).`);
  const [, kind, version] = match as unknown as [string, string, string];
  if (kind !== 'report' && kind !== 'summary') {
    throw new DocumentError(`${file} is an ${id as string} document, not a report or summary (write one with --json).`);
  }
  if (Number(version) > 1) {
    throw new DocumentError(
      `${file} is an ${id as string} document, written by a newer asyncdemo; this one (${asyncdemoVersion()}) reads ${SCHEMA_IDS[kind]}.`,
    );
  }
  if (Number(version) < 1) throw new DocumentError(`${file}: unknown schema ${id as string}.`);
  const result = validateDocument(kind, doc);
  if (!result.ok) throw new DocumentError(`${file} is not a valid ${id as string} document: ${result.errors[0] ?? 'it does not match the schema'}.`);
  const reports = kind === 'report' ? [doc as JsonReport] : (doc as { reports: JsonReport[] }).reports;
  if (reports.length === 0) throw new DocumentError(`${file} is a summary without reports: nothing to compare.`);
  return { file, kind, reports, env: reports[0]!.env };
}
