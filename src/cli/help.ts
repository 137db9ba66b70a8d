/**
 * The help's layout at any width: commander's, with the term column capped so that
 * descriptions keep room to wrap on a narrow terminal, the usage line wrapped, and the
 * text added after the help fitted to the same width (render/help.ts does the fitting).
 */
import { Help, type AddHelpTextContext, type Command } from 'commander';
import { MIN_DESCRIPTION_WIDTH, formatOverlongItem, reflowHelpText, termColumnWidth, wrapUsage } from './render/help.js';
import { wrap } from './render/text.js';

/**
 * The `configureHelp` settings of every command (the commands copy them from the program
 * when added, so set them first). At 80 columns and wider the help is commander's own,
 * unchanged; at 60, the program's `compare [options] <before.json> <after.json>` would
 * leave its siblings' descriptions 10 columns (commander then does not wrap them at all),
 * so it goes on a line of its own instead.
 *
 * @example
 * program.configureHelp(helpLayout);
 */
export const helpLayout: Partial<Help> = {
  // Commander's default of 40 leaves a 28-wide column unwrapped at 60 columns.
  minWidthToWrap: MIN_DESCRIPTION_WIDTH,
  padWidth(this: Help, cmd: Command, helper: Help): number {
    const terms = [
      ...helper.visibleOptions(cmd).map((o) => helper.optionTerm(o)),
      ...helper.visibleCommands(cmd).map((c) => helper.subcommandTerm(c)),
      ...helper.visibleArguments(cmd).map((a) => helper.argumentTerm(a)),
    ];
    return termColumnWidth(
      terms.map((t) => helper.displayWidth(t)),
      helper.helpWidth ?? 80,
    );
  },
  formatItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
    if (description === '' || helper.displayWidth(term) <= termWidth) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
    return formatOverlongItem(term, Help.prototype.formatItem.call(this, '', termWidth, description, helper));
  },
  // Commander's own wrapping, but a unit stays with its number: '(0.8 s)', never '(0.8'
  // ending a line and 's)' starting the next.
  boxWrap(this: Help, str: string, width: number): string {
    if (width < this.minWidthToWrap) return str;
    return str
      .split(/\r?\n/)
      .map((line) => wrap(line, width).join('\n'))
      .join('\n');
  },
  formatHelp(this: Help, cmd: Command, helper: Help): string {
    return wrapUsage(Help.prototype.formatHelp.call(this, cmd, helper), helper.helpWidth ?? 80);
  },
};

/**
 * Adds `text` after `cmd`'s help, fitted to the width the help is printed at (stdout's or,
 * for the help shown after an error, stderr's): see {@link reflowHelpText}.
 *
 * @example
 * addHelpAfter(cmd, '\nExamples:\n  $ asyncdemo gather --scale 0.1\n');
 */
export function addHelpAfter(cmd: Command, text: string): void {
  cmd.addHelpText('after', (context: AddHelpTextContext) => {
    const output = context.command.configureOutput();
    const width = (context.error ? output.getErrHelpWidth?.() : output.getOutHelpWidth?.()) ?? 80;
    return reflowHelpText(text, width);
  });
}
