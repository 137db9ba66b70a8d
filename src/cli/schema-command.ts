import { Argument, type Command } from 'commander';
import type { CliIO } from './io.js';
import { SCHEMA_IDS, SCHEMA_NAMES, schemaFor, type SchemaName } from './schema.js';
import { addHelpAfter } from './help.js';

/**
 * Adds `asyncdemo schema [report|summary|comparison]`: prints the JSON Schema
 * (draft-07) of a document asyncdemo writes, `report` by default, so that a script or
 * a CI job can validate what it reads with any validator.
 *
 * @example
 * addSchemaCommand(program, io);
 * // asyncdemo schema report > asyncdemo.report-1.schema.json
 */
export function addSchemaCommand(program: Command, io: Pick<CliIO, 'stdout'>): Command {
  const cmd = program
    .command('schema')
    .summary('print the JSON Schema of a --json document')
    .description(
      `Prints the JSON Schema (draft-07) of one of the documents asyncdemo writes: report (${SCHEMA_IDS.report}, --json of a demo or run), ` +
        `summary (${SCHEMA_IDS.summary}, all --json) or comparison (${SCHEMA_IDS.comparison}, compare --json). Within a /1 schema fields ` +
        'are only ever added; a change to an existing field bumps the version.',
    )
    .addArgument(new Argument('[document]', 'which document').choices(SCHEMA_NAMES).default('report'))
    .showHelpAfterError("Try 'asyncdemo schema --help'.");
  addHelpAfter(cmd, '\nExamples:\n  $ asyncdemo schema report > report.schema.json\n  $ asyncdemo schema comparison\n');
  cmd.action((name: SchemaName) => {
    io.stdout.write(`${JSON.stringify(schemaFor(name), null, 2)}\n`);
  });
  return cmd;
}
