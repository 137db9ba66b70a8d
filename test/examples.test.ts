import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);

const greetings = ['Starting to greet Alice', 'Done greeting Alice', 'Hello, Alice!'];

/** What each example prints: the seed's prints, in the seed's order. */
const expected: Record<string, string[]> = {
  greet: greetings,
  gather: [
    'Starting to greet Alice',
    'Starting to greet Bob',
    'Starting to greet Charlie',
    'Done greeting Alice',
    'Done greeting Bob',
    'Done greeting Charlie',
    'Hello, Alice!',
    'Hello, Bob!',
    'Hello, Charlie!',
  ],
  'create-task': ['Processed: A Processed: B Processed: C'],
  taskgroup: ['Processed: A Processed: B Processed: C'],
  timeout: ['Operation timed out!'],
  countdown: ['5', '4', '3', '2', '1'],
  database: ['Connecting to database...', "[ { id: 1, name: 'Alice' } ]", 'Closing database connection...'],
};

describe('examples', () => {
  beforeAll(() => {
    // They import 'asyncdemo', which Node resolves through the package's own "exports" to dist/.
    if (!existsSync(`${root}dist/core/index.js`)) throw new Error('the examples run on dist/: run `npm run build` first');
  });

  it('has an expected output here for every example, so none goes untested', () => {
    const files = readdirSync(`${root}examples`).filter((f) => f.endsWith('.ts'));
    expect(files.map((f) => f.slice(0, -3)).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, lines] of Object.entries(expected)) {
    it.concurrent(`${name}.ts prints the seed's output in order and exits 0`, async () => {
      // execFile rejects (failing the test, with stderr) on any exit code but 0.
      const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], {
        cwd: root,
        env: { ...process.env, ASYNCDEMO_SCALE: '0.01', NO_COLOR: '1' },
      });
      expect(stdout.split('\n').filter((line) => line !== '')).toEqual(lines);
      expect(stderr).toBe('');
    });
  }

  // The one real-time check: at full scale the 10 s sleep must not keep the process alive
  // once the 2 s timeout has fired (it would exit at ~10 s if the timer were left behind).
  it.concurrent('timeout.ts really cancels the 10 s sleep: the process exits soon after 2 s', async () => {
    const t0 = performance.now();
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', 'examples/timeout.ts'], {
      cwd: root,
      env: { ...process.env, ASYNCDEMO_SCALE: '1' },
    });
    const elapsed = performance.now() - t0;
    expect(stdout).toBe('Operation timed out!\n');
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(8000);
  });
});
