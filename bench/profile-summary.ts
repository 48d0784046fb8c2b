/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from BENCH_TURNS_PROFILE=DIR): the functions with
 * the most self time and the most inclusive time, as shares of the profile.
 *
 *   node --import tsx bench/profile-summary.ts FILE.cpuprofile [ROWS]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsText] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [ROWS]\n');
  process.exit(2);
}
const rows = Number(rowsText ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const sampleTime = new Map<number, number>();
profile.samples.forEach((id, index) => {
  sampleTime.set(id, (sampleTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...sampleTime.values()].reduce((sum, time) => sum + time, 0);

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of sampleTime) {
  const node = byId.get(id);
  if (!node) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + time);
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const frame = byId.get(current);
    if (!frame) break;
    const key = label(frame);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + time);
  }
}

const top = (table: Map<string, number>) =>
  [...table]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([key, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${key}`)
    .join('\n');

console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nself time');
console.log(top(self));
console.log('\ninclusive time');
console.log(top(inclusive));
