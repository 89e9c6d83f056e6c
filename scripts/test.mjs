#!/usr/bin/env node
// `npm test`: every check of the project, phase after phase. The stages of one phase run side by side: the fault
// drills spend most of their time waiting (a lock to expire, a process to come back) and the browser tests leave a
// core idle while Chromium paints, so they share the last phase with the web app's component tests. The
// integration passes keep both cores busy and run alone. A failing stage lets the rest of its phase finish, then
// stops the run.
import { spawn } from 'node:child_process';

const PHASES = [
  ['typecheck', 'lint'],
  ['build'],
  ['api:types:check', 'test:unit'],
  ['test:int:pg'],
  ['test:int:redis'],
  // `build` above built the server: the drills must not rebuild it while the browser tests' system runs from it.
  ['test:faults:built', 'test:browser', 'test:web'],
];

const children = new Set();
const results = [];
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(0);

/** One npm script; alone, its output goes straight through; beside others, it is printed whole when it ends. */
function run(script, alone) {
  const started = Date.now();
  console.log(`\n▶ ${script}${alone ? '' : ' (side by side with the rest of its phase)'}`);
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      // A group of its own, so an interrupted run stops everything the stage started.
      detached: true,
    });
    children.add(child);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code, signal) => {
      children.delete(child);
      const ok = code === 0;
      if (!alone) process.stdout.write(`\n──── ${script} ────\n${output}`);
      console.log(
        `${ok ? '✔' : '✘'} ${script}: ${ok ? 'passed' : `failed (${signal ?? `exit ${code}`})`} in ${seconds(started)} s`,
      );
      results.push({ script, ok, seconds: seconds(started) });
      resolve(ok);
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // gone already
      }
    }
    process.exit(130);
  });
}

const started = Date.now();
let failed = false;
for (const phase of PHASES) {
  const outcomes = await Promise.all(phase.map((script) => run(script, phase.length === 1)));
  if (outcomes.includes(false)) {
    failed = true;
    break;
  }
}
console.log(`\n${failed ? 'npm test FAILED' : 'npm test passed'} in ${seconds(started)} s:`);
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.script.padEnd(20)} ${r.seconds.padStart(5)} s`);
process.exit(failed ? 1 : 0);
