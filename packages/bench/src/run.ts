import { dualReportingBench } from './dual-reporting.js';
import { foundationBench } from './foundation.js';
import { stopAll } from './lib/processes.js';
import { orgBench } from './org.js';

/**
 * `pnpm bench`: runs every benchmark (or those named: `pnpm bench foundation`) and prints Markdown
 * tables for the README's performance section. Expects a built tree (`pnpm build`).
 */
const suites: Record<string, () => Promise<string>> = {
  foundation: foundationBench,
  org: orgBench,
  'dual-reporting': dualReportingBench,
};
const wanted = process.argv.slice(2).filter((a) => a in suites);
const out: string[] = [];
try {
  for (const name of wanted.length ? wanted : Object.keys(suites)) out.push(await suites[name]());
  console.log(`\n${out.join('\n\n')}\n`);
} finally {
  stopAll();
}
process.exit(0);
