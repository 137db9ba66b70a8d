import { describe, expect, it } from 'vitest';
import { serve } from '../../src/server/serve.js';
import { eventually, leftOver, resources, testClient } from '../helpers/http.js';

describe('serve', () => {
  it('logs its URL, serves until the signal aborts, then closes and resolves', async () => {
    const baseline = resources();
    const controller = new AbortController();
    const lines: string[] = [];
    let settled = false;
    const done = serve({ port: 0, host: '127.0.0.1', signal: controller.signal, log: (line) => lines.push(line) }).then(
      () => (settled = true),
    );
    expect(await eventually(() => lines.length > 0)).toBe(true);
    const url = /^asyncdemo test server listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0]!)?.[1];
    expect(url).toBeDefined();
    expect(lines.some((l) => l.includes(`${url}/delay/1`))).toBe(true);
    // Every command whole on a line that fits a 60-column terminal (any port).
    expect(lines.filter((l) => l.length > 60)).toEqual([]);
    expect(lines).toContain(`  asyncdemo fetch-all --url ${url}/delay/1`);

    const http = testClient(url!);
    expect((await http.get('/delay/0.05')).status).toBe(200);
    expect((await http.get('/delay/abc')).status).toBe(400);
    expect((await http.get('/get')).status).toBe(200);
    expect(settled).toBe(false);

    controller.abort();
    await done;
    expect(lines.at(-1)).toBe('asyncdemo test server closed');
    await http.close();
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('resolves at once without listening when the signal has already aborted', async () => {
    const baseline = resources();
    const lines: string[] = [];
    await serve({ port: 0, host: '127.0.0.1', signal: AbortSignal.abort(), log: (line) => lines.push(line) });
    expect(lines).toEqual([]);
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('rejects with the listen error when the port is taken', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const first = serve({ port: 0, host: '127.0.0.1', signal: controller.signal, log: (line) => lines.push(line) });
    expect(await eventually(() => lines.length > 0)).toBe(true);
    const port = Number(/:(\d+)$/.exec(lines[0]!)![1]);
    await expect(serve({ port, host: '127.0.0.1', signal: new AbortController().signal, log: () => {} })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    controller.abort();
    await first;
  });
});
