#!/usr/bin/env node
// Runs every check against real PostgreSQL and NATS (found or started, as for start.mjs):
// `pnpm lint`, `pnpm typecheck`, `pnpm test`; then sums the per-package vitest JSON reports.
// The last line is always `tests: N passed, N failed`. Exit 0 only if every step passed and at
// least one test ran.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR, ROOT, resolveNats, resolvePostgres } from './lib/infra.mjs';
import { c, fail, registerNames, say } from './lib/log.mjs';
import { run } from './lib/processes.mjs';

const REPORT_DIR = path.join(DATA_DIR, 'test-reports');
const started = [];
let interrupted = false;

async function stopInfra() {
  for (const p of started.reverse()) await p.stop();
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    fail(`${sig}: stopping`);
    // A Ctrl-C reaches the running step through the terminal; a plain kill reaches only us.
    run.current?.kill(sig);
    if (!run.current) stopInfra().then(() => process.exit(130));
  });
}

/** Packages whose package.json has a `test` script, by folder name (the report's file name). */
function packagesWithTests() {
  const found = [];
  for (const group of ['apps', 'packages']) {
    const dir = path.join(ROOT, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const manifest = path.join(dir, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.scripts?.test) found.push(entry.name);
    }
  }
  return found.sort();
}

/**
 * Counts from one vitest JSON report. A file that failed without a failing test (an import
 * error, a failing hook) counts once, and so does a run that failed with no test to blame
 * (no test files, an unhandled error).
 */
function readReport(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let failed = report.numFailedTests ?? 0;
  for (const result of report.testResults ?? []) {
    const failedAssertions = (result.assertionResults ?? []).filter((a) => a.status === 'failed').length;
    if (result.status === 'failed' && failedAssertions === 0) failed++;
  }
  if (report.success === false && failed === 0) failed = 1;
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

async function main() {
  registerNames(['postgres', 'nats']);
  const track = (p) => started.push(p);
  const pg = await resolvePostgres({ database: 'postgres', track });
  say(`PostgreSQL: ${pg.url} (${pg.description})`);
  const nats = await resolveNats({ track });
  say(`NATS: ${nats.url} (${nats.description})`);

  rmSync(REPORT_DIR, { recursive: true, force: true });
  mkdirSync(REPORT_DIR, { recursive: true });
  const env = { ...process.env, DATABASE_URL: pg.url, NATS_URL: nats.url, VITEST_JSON_DIR: REPORT_DIR };

  // Every step runs even if an earlier one failed, so one run shows everything that is wrong.
  const steps = [];
  for (const [name, script] of [
    ['lint', 'lint'],
    ['typecheck', 'typecheck'],
    ['test', 'test'],
  ]) {
    if (interrupted) break;
    say(c.bold(`pnpm ${script}`));
    // --continue: one failing package must not keep the others' tests from running.
    const args = name === 'test' ? [script, '--continue=always'] : [script];
    const code = await run('pnpm', args, { cwd: ROOT, env });
    steps.push({ name, code });
  }
  await stopInfra();
  if (interrupted) process.exit(130);

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines = [];
  const missing = [];
  for (const pkg of packagesWithTests()) {
    const file = path.join(REPORT_DIR, `${pkg}.json`);
    if (!existsSync(file)) {
      missing.push(pkg);
      continue;
    }
    try {
      const r = readReport(file);
      passed += r.passed;
      failed += r.failed;
      skipped += r.skipped;
      const status = r.failed ? c.red(`${r.failed} failed`) : r.passed ? c.green('ok') : c.yellow('no tests');
      lines.push(`   ${pkg.padEnd(20)} ${String(r.passed).padStart(4)} passed  ${status}`);
    } catch (err) {
      missing.push(pkg);
      fail(`cannot read ${path.relative(ROOT, file)}: ${err.message}`);
    }
  }

  const testStep = steps.find((s) => s.name === 'test');
  // When `pnpm test` failed, a package without a report crashed before vitest could write one;
  // and a failed run must never print "0 failed".
  if (testStep?.code) {
    failed += missing.length;
    if (failed === 0) failed = 1;
  }

  console.log(`\n${c.bold('Summary')}`);
  for (const s of steps)
    console.log(`   ${s.name.padEnd(20)} ${s.code === 0 ? c.green('ok') : c.red(`failed (exit ${s.code})`)}`);
  if (lines.length) console.log(`${c.bold(' Tests by package')}\n${lines.join('\n')}`);
  if (missing.length) console.log(c.yellow(`   no report from: ${missing.join(', ')}`));
  if (skipped) console.log(c.dim(`   ${skipped} skipped or todo`));
  if (passed + failed === 0) fail('no test ran');
  console.log(`tests: ${passed} passed, ${failed} failed`);

  const ok = steps.every((s) => s.code === 0) && failed === 0 && passed > 0;
  process.exit(ok ? 0 : 1);
}

main().catch(async (err) => {
  fail(err?.message ?? String(err));
  await stopInfra();
  console.log('tests: 0 passed, 0 failed');
  process.exit(1);
});
