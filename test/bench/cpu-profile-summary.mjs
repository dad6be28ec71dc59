// Reads a V8 .cpuprofile (node --cpu-prof) and returns where the time went: the functions with the most self time,
// and the inclusive time of named stages. Used by benchmarks that print their profile.
import { readFileSync } from 'node:fs';

const nameOf = (n) => n.callFrame.functionName || '(anonymous)';

/** { totalMs, self: [[name, ms]], stages: [[name, ms]] } of one profile; stages are inclusive times of the named functions. */
export function summarizeProfile(path, stageNames) {
  const p = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    sampled.set(p.samples[i], (sampled.get(p.samples[i]) ?? 0) + p.timeDeltas[i]);
    total += p.timeDeltas[i];
  }
  const self = new Map();
  const stages = new Map(stageNames.map((s) => [s, 0]));
  for (const [id, us] of sampled) {
    const name = nameOf(byId.get(id));
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nameOf(byId.get(cur));
      if (stages.has(n) && !seen.has(n)) {
        seen.add(n);
        stages.set(n, stages.get(n) + us);
      }
    }
  }
  const ms = ([k, us]) => [k, us / 1000];
  return {
    totalMs: total / 1000,
    self: [...self].sort((a, b) => b[1] - a[1]).map(ms),
    stages: [...stages].map(ms),
  };
}

/** The summary as text lines: stages first, then the top `n` functions by self time. */
export function formatProfile(summary, n = 12) {
  const pct = (ms) => `${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%`;
  return [
    `  profile: ${summary.totalMs.toFixed(0)} ms sampled`,
    '  stages (inclusive):',
    ...summary.stages.map(([k, ms]) => `    ${pct(ms)}  ${k}`),
    `  top ${n} functions (self):`,
    ...summary.self.slice(0, n).map(([k, ms]) => `    ${pct(ms)}  ${k}`),
  ];
}
