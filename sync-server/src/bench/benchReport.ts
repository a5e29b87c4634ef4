import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * One summary for a scripts/bench-sync.sh run: the harness's own tables for our server and the
 * references (two suite invocations, rendered together), the targets as ratios to the better
 * reference, our receive → persisted quantiles (benchServer.ts logs them at SIGTERM) and the machine's
 * load while it ran. `node --import tsx benchReport.ts <results dir> <harness dir>`.
 */
const [dir, harness] = process.argv.slice(2);
if (!dir || !harness) throw new Error('usage: benchReport.ts <results dir> <harness dir>');

interface Stat {
  median: number;
}
type Workloads = Record<string, Record<string, Stat | null | unknown> | undefined>;
interface Summary {
  startedAt: string;
  reps: number;
  workloads: string[];
  host: string;
  servers: Record<string, { protocol: string; versions: Record<string, string>; workloads: Workloads }>;
}

const parts = ['galley', 'references']
  .map((name) => join(dir, name, 'summary.json'))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')) as Summary);
if (parts.length === 0) throw new Error(`no summary.json under ${dir}`);
const summary: Summary = { ...parts[0]!, servers: Object.assign({}, ...parts.map((p) => p.servers)) };

// The suite parses its arguments when imported: point its output directory at ours.
process.argv = [process.argv[0]!, 'suite.mjs', '--out', dir];
const { renderMarkdown } = (await import(pathToFileURL(join(harness, 'suite.mjs')).href)) as {
  renderMarkdown: (s: Summary) => string;
};
const lines = [renderMarkdown(summary)];

const median = (server: string, workload: string, metric: string): number | null => {
  const stat = summary.servers[server]?.workloads[workload]?.[metric] as Stat | null | undefined;
  return stat ? stat.median : null;
};
const sustained = (server: string): number | null => {
  const w4 = summary.servers[server]?.workloads.W4 as
    | { maxSustained?: { writers: number } | null }
    | undefined;
  return w4 ? (w4.maxSustained?.writers ?? 0) : null;
};
const references = Object.keys(summary.servers).filter((name) => name !== 'galley');
const w = (workload: string, metric: string) => (server: string) => median(server, workload, metric);
/** [label, value for a server, the better reference, sense, target ratio] */
const targets: [string, (server: string) => number | null, (refs: number[]) => number, string, number][] = [
  ['W1 latency p99 ms', w('W1', 'latencyMs.p99'), (r) => Math.min(...r), '≤', 1],
  ['W2 delivered updates/s', w('W2', 'deliveredUpdatesPerSec'), (r) => Math.max(...r), '≥', 1],
  ['W2 latency p99 ms', w('W2', 'latencyMs.p99'), (r) => Math.min(...r), '≤', 1],
  ['W2 server RSS peak MiB', w('W2', 'serverMem.rssPeakDuringLoadMiB'), (r) => Math.min(...r), '≤', 1],
  [
    'W3 open → step 2 p50 ms',
    w('W3', 'breakdownMs.openToStep2Received.p50'),
    (r) => Math.min(...r),
    '≤',
    0.5,
  ],
  ['W4 sustained writers', sustained, (r) => Math.max(...r), '≥', 1.5],
];
const f = (v: number | null) => (v === null ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
lines.push('', '## Targets (issue 4): ratio to the better reference in this run', '');
lines.push(`| metric | galley | ${references.join(' | ')} | ratio | target | met |`);
lines.push(`|---|---|${references.map(() => '---').join('|')}|---|---|---|`);
for (const [label, value, better, sense, goal] of targets) {
  const refs = references.map(value);
  const known = refs.filter((v): v is number => v !== null);
  const mine = value('galley');
  const ratio = mine !== null && known.length > 0 ? mine / better(known) : null;
  const met = ratio === null ? 'n/a' : sense === '≤' ? ratio <= goal : ratio >= goal;
  lines.push(
    `| ${label} | ${f(mine)} | ${refs.map(f).join(' | ')} | ${f(ratio)} | ${sense} ${goal} | ${met} |`,
  );
}

lines.push('', '## galley: update received → persisted sent (seconds, per run)', '');
lines.push('| run | p50 | p99 | p99.9 | updates |', '|---|---|---|---|---|');
const logs = join(dir, 'galley');
for (const file of readdirSync(logs)
  .filter((name) => /^server-galley-.*\.log$/.test(name))
  .sort()) {
  const line = readFileSync(join(logs, file), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('{"benchReceiveToPersistedSeconds"'));
  if (!line) continue;
  const q = (JSON.parse(line) as { benchReceiveToPersistedSeconds: Record<string, number> })
    .benchReceiveToPersistedSeconds;
  const count = Object.entries(q).find(([k]) => k.endsWith('_count'))?.[1] ?? 0;
  const s = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(3));
  lines.push(
    `| ${file.slice('server-galley-'.length, -4)} | ${s(q['0.5'])} | ${s(q['0.99'])} | ${s(q['0.999'])} | ${count} |`,
  );
}
if (existsSync(join(dir, 'load.log'))) {
  const ones = readFileSync(join(dir, 'load.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => Number(l.split(' ')[1]))
    .filter((n) => !Number.isNaN(n));
  const mid = [...ones].sort((a, b) => a - b)[Math.floor(ones.length / 2)];
  lines.push(
    '',
    `Machine load (1-minute average; the machine has 2 cores) while the suites ran: median ${mid}, min ${Math.min(...ones)}, max ${Math.max(...ones)} over ${ones.length} samples (load.log). Other work on the machine skews absolute figures; compare within the run.`,
  );
}
console.log(lines.join('\n'));
