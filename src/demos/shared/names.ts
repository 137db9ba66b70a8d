import { UsageError } from '../types.js';

/** The seed greets Alice, Bob and Charlie; larger runs continue the cryptographers' cast. */
const PEOPLE = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy'] as const;

/**
 * The name of the `index`-th task (0-based): Alice, Bob, Charlie, … Judy, then `task 11`,
 * `task 12`, … so that a name is short, unique, and tells its position past the tenth.
 *
 * @example
 * personName(1);  // 'Bob'
 * personName(10); // 'task 11'
 */
export function personName(index: number): string {
  return PEOPLE[index] ?? `task ${index + 1}`;
}

/**
 * The names of `count` tasks, in order (see {@link personName}).
 *
 * @example
 * personNames(3); // ['Alice', 'Bob', 'Charlie']
 */
export function personNames(count: number): string[] {
  const names = new Array<string>(count);
  for (let i = 0; i < count; i++) names[i] = personName(i);
  return names;
}

/**
 * Joins names as prose: `Alice`, `Alice and Charlie`, `Alice, Charlie and Dave`; past
 * `max` names it just counts them (`the other 99 tasks`), so a huge run stays one short line.
 *
 * @example
 * joinNames(['Alice', 'Charlie']);          // 'Alice and Charlie'
 * joinNames(['a', 'b', 'c', 'd', 'e'], 3); // 'the other 5 tasks'
 */
export function joinNames(names: readonly string[], max = 5, noun = 'tasks'): string {
  if (names.length === 0) return `no other ${noun}`;
  if (names.length > max) return `the other ${names.length} ${noun}`;
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * Checks that `value` (from an option such as `--fail <name>`) is one of `names` and
 * returns its index; otherwise throws a {@link UsageError} listing what is allowed
 * (abbreviated past a dozen names, since `--count` may be a million).
 *
 * @example
 * indexOfName(['Alice', 'Bob'], 'Bob', '--fail <name>'); // 1
 * indexOfName(['Alice', 'Bob'], 'Zed', '--fail <name>'); // UsageError: … Allowed: Alice, Bob.
 * indexOfName(['Alice', 'Bob'], 'bob', '--fail <name>'); // UsageError: … Allowed: Alice, Bob. Did you mean 'Bob'?
 */
export function indexOfName(names: readonly string[], value: string, flags: string): number {
  const index = names.indexOf(value);
  if (index >= 0) return index;
  const allowed =
    names.length <= 12 ? names.join(', ') : `${names.slice(0, 10).join(', ')}, …, ${names.at(-1)!}`;
  // Names are matched exactly (they are the tasks' labels), but `bob` for `Bob` is the
  // likeliest slip: name the one meant.
  const lower = value.toLowerCase();
  const meant = names.find((name) => name.toLowerCase() === lower);
  const hint = meant === undefined ? '' : ` Did you mean '${meant}'?`;
  throw new UsageError(`option '${flags}' argument '${value}' is invalid. Allowed: ${allowed}.${hint}`);
}

/**
 * Everyone but `names[index]`, as prose (see {@link joinNames}), with the verb agreeing:
 * `Alice and Charlie keep`, `Alice keeps`, `the other 99 tasks keep`. Counts without
 * copying when there are many, so a million names cost nothing here.
 *
 * @example
 * othersThan(['Alice', 'Bob', 'Charlie'], 1, 'keep running'); // 'Alice and Charlie keep running'
 */
export function othersThan(names: readonly string[], index: number, verb: string, noun = 'tasks'): string {
  const count = names.length - 1;
  const subject = count > 5 ? `the other ${count} ${noun}` : joinNames(names.filter((_, i) => i !== index), 5, noun);
  const [first, ...rest] = verb.split(' ');
  const agreed = count === 1 ? `${first!}s` : first!;
  return [subject, agreed, ...rest].join(' ');
}
