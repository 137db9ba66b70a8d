import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { SCHEMA_IDS, SCHEMA_NAMES, schemaFor } from '../../src/cli/schema.js';
import { validateDocument } from '../../src/cli/validate.js';
import { demos } from '../../src/demos/index.js';
import { documentProblems, strictSchema, validatePending } from '../helpers/documents.js';
import { sink } from '../helpers/sink.js';
import { spawnBin } from '../helpers/spawn-bin.js';

async function invoke(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await run(argv, { stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('asyncdemo schema', () => {
  it('prints each document\'s JSON Schema, the report by default; an unknown name is a usage error', async () => {
    for (const name of SCHEMA_NAMES) {
      const r = await invoke(['schema', name]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(schemaFor(name));
    }
    expect((await invoke(['schema'])).stdout).toBe((await invoke(['schema', 'report'])).stdout);
    const bad = await invoke(['schema', 'reports']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.split('\n')[0]).toMatch(/report, summary, comparison/);
  });

  it('pins each document to its schema id, and refuses a document of another kind or version', () => {
    const schema = schemaFor('report');
    expect(JSON.stringify(schema)).toContain(`"const":"${SCHEMA_IDS.report}"`);
    const doc = { schema: 'asyncdemo.report/2', demo: 'x', params: {}, variants: [], speedups: [], interrupted: false, env: { node: 'v1', platform: 'p', arch: 'a', cpus: 1 } };
    expect(validateDocument('report', doc).ok).toBe(false);
    expect(validateDocument('report', { ...doc, schema: SCHEMA_IDS.report }).ok).toBe(true);
    expect(validateDocument('summary', { ...doc, schema: SCHEMA_IDS.report }).ok).toBe(false);
  });

  it('the published schema lets readers meet fields a newer asyncdemo adds; the suite\'s strict copy does not', () => {
    const doc = { schema: SCHEMA_IDS.report, demo: 'x', params: {}, variants: [], speedups: [], interrupted: false, env: { node: 'v1', platform: 'p', arch: 'a', cpus: 1, gpu: 'none' } };
    expect(validateDocument('report', doc).ok).toBe(true);
    expect(validateDocument('report', doc, strictSchema('report')).ok).toBe(false);
  });

  it('the suite checks every document a test parses: a report that breaks its schema is caught', () => {
    // What test/setup/documents.ts relies on: JSON.parse is wrapped and collects documents.
    expect(validatePending()).toEqual([]); // what earlier tests parsed was fine
    JSON.parse(JSON.stringify({ schema: SCHEMA_IDS.report, demo: 42 }));
    const found = validatePending();
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/the suite checks every document .*: asyncdemo\.report\/1: /);
    expect(documentProblems({ schema: 'something else' })).toEqual([]);
  });
});

describe('every document the CLI writes matches its schema', () => {
  it('all --json: one summary whose report of every demo validates (spawned, the built CLI)', async () => {
    const r = await spawnBin(['all', '--scale', '0.02', '--runs', '2', '--json']).exit;
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { reports: { demo: string }[] };
    // Explicitly, besides the check every parse gets: all of them, strictly.
    expect(validateDocument('summary', doc, strictSchema('summary'))).toEqual({ ok: true });
    expect(doc.reports.map((d) => d.demo)).toEqual(demos.map((d) => d.name));
    for (const report of doc.reports) expect(validateDocument('report', report, strictSchema('report'))).toEqual({ ok: true });
  }, 60_000);

  it('run <file> --json validates as a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-schema-'));
    const file = join(dir, 'exp.mjs');
    writeFileSync(file, 'export const a = () => new Promise((r) => setTimeout(r, 5));\nexport const b = () => new Promise((r) => setTimeout(r, 5));\n');
    const r = await spawnBin(['run', file, '--runs', '3', '--json']).exit;
    expect(r.code).toBe(0);
    expect(validateDocument('report', JSON.parse(r.stdout), strictSchema('report'))).toEqual({ ok: true });
  });
});
