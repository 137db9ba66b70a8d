// Preloaded with --import into a CLI run: records the process's peak RSS for the benchmark.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.ASYNCDEMO_BENCH_RSS_FILE) {
    writeFileSync(process.env.ASYNCDEMO_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS / 1024));
  }
});
