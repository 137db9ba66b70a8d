/**
 * One table per list: the server's paths and their help live in src/server/routes.ts,
 * and the index page, `serve --help` and the README's list are that table.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { INDEX } from '../../src/server/router.js';
import { FAULT_ROUTES, ROUTES, arity, indexLine } from '../../src/server/routes.js';
import { startServer, type LocalServerHandle } from '../../src/server/server.js';
import { sink } from '../helpers/sink.js';

const lines = [...Object.values(ROUTES).map((doc) => indexLine(doc)), ...Object.values(FAULT_ROUTES).map((doc) => indexLine(doc, ': '))];

let server: LocalServerHandle;
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
});

describe('the route table', () => {
  it('is what the index page lists, in order', () => {
    expect(INDEX.endpoints).toEqual(lines);
  });

  it("is what `serve --help` lists", async () => {
    const stdout = sink();
    expect(await run(['serve', '--help'], { stdout, stderr: sink(), env: {} })).toBe(0);
    const text = stdout.text;
    // A path's help may wrap onto lines indented under it (at 80 columns, the long faults').
    const paths = text.slice(text.indexOf('\nPaths:\n') + '\nPaths:\n'.length, text.indexOf('\n\nExamples:')).replace(/\n {4}/g, ' ').split('\n');
    expect(paths.map((l) => l.trim())).toEqual(lines);
  });

  it("is the README's list", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- routes:');
    expect(start).toBeGreaterThan(0);
    const from = readme.indexOf('```text\n', start) + '```text\n'.length;
    const block = readme.slice(from, readme.indexOf('\n```', from));
    expect(block.split('\n')).toEqual(lines);
  });

  it('serves every httpbin path it lists, its parameters filled in', async () => {
    const sample: Record<string, string> = { ':seconds': '0', ':codes': '200', ':n': '1' };
    for (const doc of Object.values(ROUTES)) {
      const path = doc.path.replace(/:[a-z]+/g, (param) => sample[param]!);
      const res = await fetch(`${server.url}${path}${'query' in doc ? doc.query.replace('duration=2', 'duration=0') : ''}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
    }
  });

  it('gives each path as many parameters as it has `:` segments', () => {
    expect(Object.fromEntries(Object.entries({ ...ROUTES, ...FAULT_ROUTES }).map(([name, doc]) => [name, arity(doc)]))).toEqual({
      delay: 1, status: 1, get: 0, bytes: 1, drip: 0, stream: 1,
      reset: 0, drop: 0, 'close-mid-body': 0, 'stall-body': 0, hang: 0, 'slow-headers': 1, 'redirect-loop': 0, 'connection-close': 0,
    });
  });
});
