import { describe, expect, it } from 'vitest';
import { runFast, type FastIO } from '../../src/cli/fast.js';
import { run } from '../../src/cli/program.js';
import { demos } from '../../src/demos/index.js';
import { runBin } from '../helpers/spawn-bin.js';

const entries = demos.map(({ name, title, variantNames }) => ({ name, title, variantNames }));

/** Captures what the fast path and the full program print for the same argv and terminal. */
async function both(argv: string[], env: Record<string, string | undefined>, isTTY: boolean): Promise<{ fast: string; full: string; handled: boolean }> {
  let fast = '';
  const io: FastIO = { stdout: { write: (s) => (fast += s), isTTY }, env, manifest: () => entries };
  const handled = runFast(argv, io);
  let full = '';
  const code = await run(argv, { stdout: { write: (s: string) => (full += s), isTTY }, stderr: { write: () => true }, env });
  expect(code).toBe(0);
  return { fast, full, handled };
}

describe('the fast path (--version, list)', () => {
  it('prints exactly what the full program prints, in every colour situation', async () => {
    const situations: [Record<string, string | undefined>, boolean][] = [
      [{}, false],
      [{ TERM: 'xterm-256color' }, true],
      [{ TERM: 'xterm', NO_COLOR: '1' }, true],
      [{ FORCE_COLOR: '1' }, false],
      [{ FORCE_COLOR: '3', TERM: 'dumb' }, false],
      [{ TERM: 'dumb' }, true],
    ];
    for (const [env, isTTY] of situations) {
      for (const argv of [['list'], ['list', '--no-color'], ['--version'], ['-V']]) {
        const { fast, full, handled } = await both(argv, env, isTTY);
        expect(handled, argv.join(' ')).toBe(true);
        expect(fast, `${argv.join(' ')} ${JSON.stringify(env)} tty=${isTTY}`).toBe(full);
      }
    }
    // The colour case really has colour (else the comparison above proves little).
    const { fast } = await both(['list'], { FORCE_COLOR: '1' }, false);
    expect(fast).toContain('\u001B[1mgreet');
  });

  it('leaves everything else to the program, writing nothing', () => {
    for (const argv of [[], ['list', 'extra'], ['list', '--color'], ['gather'], ['--version', 'list'], ['--help'], ['list', '--help']]) {
      let out = '';
      expect(runFast(argv, { stdout: { write: (s) => (out += s) }, env: {}, manifest: () => entries }), argv.join(' ')).toBe(false);
      expect(out).toBe('');
    }
    // No manifest (a build without it, or one older than the registry): the program answers.
    expect(runFast(['list'], { stdout: { write: () => true }, env: {}, manifest: () => undefined })).toBe(false);
  });

  it('the built bin lists what the registry holds (the manifest is current)', async () => {
    let full = '';
    await run(['list'], { stdout: { write: (s: string) => (full += s) }, stderr: { write: () => true }, env: { NO_COLOR: '1' } });
    const r = await runBin(['list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(full);
  });
});
