#!/usr/bin/env node
// The machine's own two-process ceiling, for the `verify --jobs 2` row of the bench: the same fixed scalar loop run
// alone (best of 3) and as two processes at once (3 times). Each process of a pair gets t_alone / t_pair of a core, so
// two perfectly divisible workloads finish ceiling = t_alone/t_a + t_alone/t_b times faster than one. On a machine whose
// two vCPUs are equally fast and idle this is ≈ 2; on a shared host it is lower (seen here: one vCPU 1.5× slower than
// the other, ceiling ≈ 1.65). The loop is scalar (exp, tanh), so it is an upper bound for SIMD-heavy work, which also
// shares the host's caches and memory bandwidth. Prints one JSON line {alone, pairs, ceiling} (ceiling: the median).
import { spawn, spawnSync } from 'node:child_process';

const LOOP =
  'let s=0;const t=performance.now();for(let i=0;i<2e8;i++)s+=Math.exp(-i*1e-9)*Math.tanh(i*1e-6);' +
  'process.stdout.write(String((performance.now()-t)/1000)+(s>0?"":"!"))';

function alone() {
  const r = spawnSync(process.execPath, ['-e', LOOP], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ceiling loop exited ${r.status}: ${r.stderr}`);
  return Number(r.stdout);
}

function once() {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', LOOP]);
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`ceiling loop exited ${code}`))));
  });
}

const t1 = Math.min(alone(), alone(), alone());
const pairs = [];
for (let k = 0; k < 3; k++) pairs.push(await Promise.all([once(), once()]));
const ratios = pairs.map(([a, b]) => t1 / a + t1 / b).sort((x, y) => x - y);
process.stdout.write(JSON.stringify({ alone: t1, pairs, ceiling: ratios[1] }) + '\n');
