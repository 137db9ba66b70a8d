import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);

/** A line that varies from run to run (a timing, a port), as a pattern. */
const pattern = (re: RegExp): string => expect.stringMatching(re) as string;

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
  // Timings and the stand-in server's port vary from run to run: those lines are patterns.
  'fetch-all': [
    pattern(/^One after another: 200, 200, 200 in \d+\.\d\ds$/),
    pattern(/^http:\/\/127\.0\.0\.1:\d+\/delay\/1: 200$/),
    pattern(/^http:\/\/127\.0\.0\.1:\d+\/delay\/1: 200$/),
    pattern(/^http:\/\/127\.0\.0\.1:\d+\/delay\/1: 200$/),
    pattern(/^Total time: \d+\.\d\ds$/),
  ],
  cpu: [
    pattern(/^one after another: 4 hashes in \d+\.\d\ds$/),
    pattern(/^gather on one thread: 4 hashes in \d+\.\d\ds$/),
    pattern(/^worker threads: 4 hashes in \d+\.\d\ds$/),
    pattern(/^same results every way: true \(\d+ cores here\)$/),
  ],
  race: ['mirror 1 stopped', 'mirror 3 stopped', 'file from mirror 2'],
  'as-completed': ['Bob is done', 'Charlie is done', 'Alice is done'],
  limit: ['Done: 1 2 3 4 5 6', 'At most 2 at once'],
  queue: ['Processed: 1 2 3 4 5 6'],
  'graceful-drain': [
    'Produced 1 2 3 4, then the producer was cancelled',
    'Processed 1 2 3 4: nothing queued was lost',
    'Then the cancellation: Interrupted',
  ],
  'shielded-cleanup': [
    'Close on the aborted signal: AbortError, at once',
    'Connection closed',
    'Query timed out, and the connection was closed first',
  ],
  retry: ['attempt 1 failed: HTTP 500', 'attempt 2 failed: HTTP 500', 'attempt 3: HTTP 200'],
  // Only exports, for `asyncdemo run`: run directly, it prints nothing.
  experiment: [],
};

/**
 * The scale each example runs at: 0.01 (10 ms per second of the seed) unless its output
 * order comes from real timing. Then the gaps must be wide enough that a busy machine,
 * which can deschedule the process for tens of ms between two calls, cannot reorder them:
 * 0.1 puts as-completed's and race's finishes 100 ms apart, 0.05 puts timeout's 2 s
 * deadline 400 ms before the 10 s sleep would end.
 */
// shielded-cleanup at 0.1: its close (20 ms) under a 200 ms deadline; at 0.01 a loaded
// machine's late timers once let the 5 ms deadline cut the 2 ms close off.
const scales: Record<string, string> = { 'as-completed': '0.1', race: '0.1', timeout: '0.05', 'shielded-cleanup': '0.1' };

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
        env: { ...process.env, ASYNCDEMO_SCALE: scales[name] ?? '0.01', NO_COLOR: '1' },
      });
      expect(stdout.split('\n').filter((line) => line !== '')).toEqual(lines);
      expect(stderr).toBe('');
      // Fifteen node + tsx processes start at once: on a loaded machine that took over 20 s.
    }, 60_000);
  }

  // The one real-time check: at full scale the 10 s sleep must not keep the process alive
  // once the 2 s timeout has fired (it would exit ~8 s after the message if the timer
  // were left behind). Timed from the message, not from the spawn: on a loaded machine
  // starting node and tsx alone took seconds.
  it.concurrent('timeout.ts really cancels the 10 s sleep: the process exits soon after the timeout', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/timeout.ts'], {
      cwd: root,
      env: { ...process.env, ASYNCDEMO_SCALE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let printedAt = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (printedAt === 0 && stdout.includes('Operation timed out!')) printedAt = performance.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lingered = performance.now() - printedAt;
    expect(code).toBe(0);
    expect(stdout).toBe('Operation timed out!\n');
    expect(printedAt).toBeGreaterThan(0);
    expect(lingered).toBeLessThan(4000);
  }, 60_000);
});

// A developer pastes the README's library section into a file of their own and runs it:
// it must run as written (no unhandled rejection halfway) and print what its comments say.
describe("the README's library section", () => {
  it('runs as written against dist/ and prints what its comments promise', async () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('\n## The library\n'));
    const code = /```ts\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(code).toContain("from 'asyncdemo'");
    // Outside the repository, as a user's project: 'asyncdemo' resolves through node_modules.
    const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-readme-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(root, join(dir, 'node_modules', 'asyncdemo'), 'dir');
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(join(dir, 'library.ts'), `${code!}\n`);
      // cwd is the repository only so that --import finds tsx; the file is the user's.
      const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', join(dir, 'library.ts')], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      expect(stdout.split('\n').filter((line) => line !== '')).toEqual(["[ 'Hello, Alice!', 'Hello, Bob!' ]", "[ 'B failed' ]", 'Operation timed out!']);
      expect(stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
