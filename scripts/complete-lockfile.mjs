#!/usr/bin/env node
// The registry this project installs from serves only the platform packages of the machines it
// runs on, so `npm install` leaves the other platforms' optional binaries (swc, msgpackr,
// unrs-resolver…) out of package-lock.json, and `npm ci` then refuses the lock as out of sync.
// This script records each missing optional binary as an optional, platform-bound entry, which
// `npm ci` accepts and skips on every other platform. Run it after `npm install`:
//   npm run lock:complete
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

/** Where Node would find `name` from the package at `from`, or undefined. */
function resolve(from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** The os and cpu a platform binary's name promises, so npm skips it elsewhere. */
function platformOf(name) {
  const os = [
    'darwin',
    'linux',
    'win32',
    'android',
    'freebsd',
    'openharmony',
    'sunos',
    'aix',
    'netbsd',
    'openbsd',
  ].find((o) => name.includes(`-${o}-`) || name.endsWith(`-${o}`));
  const cpu = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].find((c) =>
    new RegExp(`-${c}(-|$)`).test(name),
  );
  return { os, cpu };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolve(path, name)) continue;
    const { os, cpu } = platformOf(name);
    if (!os || !/^\d+\.\d+\.\d+/.test(spec)) {
      console.warn(`left alone: ${name}@${spec} (needed by ${path || 'the root'})`);
      continue;
    }
    const record = { version: spec, cpu: cpu ? [cpu] : undefined, dev: entry.dev, optional: true, os: [os] };
    packages[`node_modules/${name}`] = JSON.parse(JSON.stringify(record));
    added += 1;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: recorded ${added} optional platform package(s)`);
