import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { PLAIN_CHALK, plainStyle } from '../../src/cli/plain-style.js';
import { createStyle } from '../../src/cli/style.js';

const level = (isTTY: boolean, env: Record<string, string | undefined>, color?: boolean): number =>
  createStyle({ isTTY, env, color }).c.level;

describe('createStyle: the colour level', () => {
  it('is off when piped and on for a terminal', () => {
    expect(level(false, { TERM: 'xterm' })).toBe(0);
    expect(level(true, { TERM: 'xterm' })).toBe(1);
  });

  it("follows what the terminal advertises, read from the env it is given", () => {
    expect(level(true, { TERM: 'xterm-256color' })).toBe(2);
    expect(level(true, { TERM: 'xterm', COLORTERM: 'truecolor' })).toBe(3);
  });

  it('is off with a non-empty NO_COLOR, which chalk itself ignores', () => {
    expect(level(true, { TERM: 'xterm-256color', NO_COLOR: '1' })).toBe(0);
    expect(level(true, { TERM: 'xterm', NO_COLOR: '' })).toBe(1);
  });

  it('is off with --no-color, whatever else says', () => {
    expect(level(true, { TERM: 'xterm', FORCE_COLOR: '3' }, false)).toBe(0);
  });

  it("takes commander's default color: true as no opinion, not as forcing", () => {
    expect(level(false, {}, true)).toBe(0);
    expect(level(true, { TERM: 'xterm' }, true)).toBe(1);
  });

  it('obeys FORCE_COLOR exactly, piped or not', () => {
    expect(level(false, { FORCE_COLOR: '2' })).toBe(2);
    expect(level(false, { FORCE_COLOR: '7' })).toBe(3);
    expect(level(false, { FORCE_COLOR: '' })).toBe(1);
    expect(level(false, { FORCE_COLOR: 'true' })).toBe(1);
    expect(level(true, { TERM: 'xterm-256color', FORCE_COLOR: '0' })).toBe(0);
    expect(level(true, { TERM: 'xterm', FORCE_COLOR: 'false' })).toBe(0);
  });

  it('ignores an unreadable FORCE_COLOR', () => {
    expect(level(false, { FORCE_COLOR: 'banana' })).toBe(0);
    expect(level(true, { TERM: 'xterm', FORCE_COLOR: 'banana' })).toBe(1);
  });

  it('lets NO_COLOR win over FORCE_COLOR', () => {
    expect(level(false, { FORCE_COLOR: '1', NO_COLOR: 'yes' })).toBe(0);
  });

  it('is off on TERM=dumb unless forced', () => {
    expect(level(true, { TERM: 'dumb' })).toBe(0);
    expect(level(true, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(1);
  });

  it('produces escape codes only when on', () => {
    expect(createStyle({ isTTY: false, env: {} }).c.red('x')).toBe('x');
    expect(createStyle({ isTTY: false, env: { FORCE_COLOR: '1' } }).c.red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('createStyle: glyphs', () => {
  it('draws ASCII only on TERM=dumb', () => {
    expect(createStyle({ isTTY: true, env: { TERM: 'dumb' } }).unicode).toBe(false);
    expect(createStyle({ isTTY: true, env: { TERM: 'xterm' } }).unicode).toBe(true);
    expect(createStyle({ isTTY: false, env: {} }).unicode).toBe(true);
  });
});

describe('plainStyle: chalk at level 0 without chalk', () => {
  const chalk0 = new Chalk({ level: 0 });
  it('returns exactly what chalk at level 0 returns, for any chain of styles and any arguments', () => {
    const chains = [['bold'], ['dim'], ['red'], ['yellow', 'bold'], ['bold', 'cyan'], ['green', 'bold'], ['magenta'], ['bgRed', 'white', 'underline']];
    const argLists: unknown[][] = [['text'], [42], ['a', 'b'], [], [''], ['x', 1, null]];
    const plain = plainStyle({ isTTY: false, env: {} }).c;
    const pick = (c: unknown, chain: string[]): ((...args: unknown[]) => string) =>
      chain.reduce((f: unknown, key) => (f as Record<string, unknown>)[key], c) as (...args: unknown[]) => string;
    for (const chain of chains) {
      for (const args of argLists) expect(pick(plain, chain)(...args)).toBe(pick(chalk0, chain)(...args));
    }
    expect(plain.level).toBe(0);
  });

  it('is what createStyle gives whenever the level is 0, and keeps TERM=dumb to ASCII', () => {
    expect(createStyle({ isTTY: false, env: {} }).c).toBe(PLAIN_CHALK);
    expect(createStyle({ isTTY: true, env: { NO_COLOR: '1' } }).c).toBe(PLAIN_CHALK);
    expect(createStyle({ isTTY: true, env: { TERM: 'xterm' } }).c).not.toBe(PLAIN_CHALK);
    expect(plainStyle({ isTTY: true, env: { TERM: 'dumb' } }).unicode).toBe(false);
    expect(plainStyle({ isTTY: false, env: {} }).unicode).toBe(true);
  });
});
