import { readFileSync } from 'node:fs';

/**
 * Where a process's time went, from a `node --cpu-prof` profile (e.g. the API's during the intake benchmark,
 * `BENCH_CPU_PROF=<dir>`): self time by area (a package in node_modules, our code by folder, Node's internals,
 * the garbage collector, idle) and the busiest functions. `node dist/bench/cpu-profile.js <file.cpuprofile> [top]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a frame belongs to: `pkg:<name>`, our code by folder (`apps/api/src/requests`), or Node's own. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/dist\/((?:apps|libs)\/[^/]+\/src(?:\/[^/]+(?=\/))?)/.exec(url);
  if (ours) return ours[1];
  return url.replace(/^file:\/\//, '');
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/cpu-profile.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...selfUs]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, us]) => a + us, 0);
  const busy = total - idleUs;

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const table = (title: string, rows: Map<string, number>) => {
    console.log(`\n| ${title} | self time | share of busy time |\n|---|---|---|`);
    for (const [k, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`| ${k} | ${(us / 1000).toFixed(0)} ms | ${pct(us)} |`);
  };
  console.log(
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)} %)`,
  );
  table('area', areas);
  table('function', functions);
}

if (process.argv[1]?.endsWith('cpu-profile.js')) main();
