/**
 * The CLI loads a command's modules on demand (src/cli/program.ts, for start-up). In a
 * test that drives the program on a fake clock, the first load of such a module is real
 * I/O, which fake time does not wait for: `clock.advanceTo(500)` right after `run()`
 * would move time on before the demo had set its first timer. Loading them here, before
 * each test file, makes every on-demand import of the program a cached one. What a
 * command really loads is checked on the built bin (test/cli/startup.test.ts).
 */
import { loadAllDemos } from '../../src/demos/registry.js';

await Promise.all([
  loadAllDemos(),
  import('../../src/demos/index.js'),
  import('../../src/cli/run-demo.js'),
  import('../../src/cli/run-all.js'),
  import('../../src/cli/trace-file.js'),
  import('../../src/cli/explain.js'),
  import('../../src/cli/run-experiment.js'),
  import('../../src/cli/schema-command.js'),
  import('../../src/cli/compare-command.js'),
  import('../../src/cli/render/list.js'),
  import('../../src/cli/style.js'),
  import('../../src/server/routes.js'),
]);
