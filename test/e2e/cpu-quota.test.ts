/**
 * A CPU quota put on a real server (`capacity --cpu-quota … --odoo-pid … --postgres-pid …`), on
 * this machine's own kernel: stand-ins for Odoo's master and PostgreSQL's postmaster, each with the
 * child it forked, all spinning, are moved into a cgroup of their own, held to the quota's CPU time,
 * and put back afterwards.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuHierarchy } from '../../capacity/cpu-quota.ts';
import { placeRealTarget } from '../../capacity/real-placement.ts';

const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used (utime + stime). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);

/** A master that forks one spinning child and spins itself, as a prefork server's busy workers do. */
async function spinningTree(): Promise<number[]> {
  const master = spawn('sh', ['-c', 'while :; do :; done & while :; do :; done'], {
    stdio: 'ignore',
    detached: true,
  });
  const pid = master.pid!;
  for (let tries = 0; childrenOf(pid).length === 0 && tries < 50; tries++) await sleep(20);
  const [child] = childrenOf(pid);
  assert.ok(child, 'the stand-in master forked its child');
  return [pid, child];
}

test('a CPU quota on a real server: its processes in a cgroup of their own, held to its share, put back after', async () => {
  const hierarchy = cpuHierarchy();
  assert.ok(hierarchy, 'this machine has the cgroup cpu controller (v1 or v2)');
  const trees: number[][] = [];
  try {
    trees.push(await spinningTree(), await spinningTree());
    const [[odoo], [postgres]] = trees as [[number], [number]];
    const all = trees.flat();
    // PostgreSQL's pid file, as postmaster.pid writes it: the pid on the first line.
    const pidFile = join(mkdtempSync(join(tmpdir(), 'cpu-quota-')), 'postmaster.pid');
    writeFileSync(pidFile, `${postgres}\n/var/lib/postgresql/15/main\n1733400000\n5432\n`);
    const logged: string[] = [];
    const placed = await placeRealTarget(
      { odooPid: String(odoo), postgresPid: pidFile },
      { cpus: 0.25, cpuQuota: true },
      (line) => logged.push(line),
    );
    const group = join(hierarchy.mount, `odoo-load-${odoo}`);
    try {
      for (const each of all)
        assert.match(
          readFileSync(`/proc/${each}/cgroup`, 'utf8'),
          new RegExp(`/odoo-load-${odoo}\\n`),
        );
      const limit =
        hierarchy.version === 1
          ? readFileSync(join(group, 'cpu.cfs_quota_us'), 'utf8').trim()
          : readFileSync(join(group, 'cpu.max'), 'utf8').trim();
      assert.equal(limit, hierarchy.version === 1 ? '25000' : '25000 100000');
      assert.match(
        logged.join('\n'),
        /Odoo's and PostgreSQL's processes \(4\) limited to 0.25 CPU of CPU time/,
      );
      // Four spinning processes would take both cores (2 CPU-seconds a second); the quota holds
      // them to a quarter of one. A busy neighbour can only lower what they get.
      const spent = () => all.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const before = spent();
      const started = performance.now();
      await sleep(2000);
      const used = spent() - before;
      const seconds = (performance.now() - started) / 1000;
      assert.ok(
        used <= 0.25 * seconds * 1.3 + 0.05,
        `${used.toFixed(2)} CPU-s in ${seconds.toFixed(2)} s`,
      );
    } finally {
      await placed.restore();
    }
    for (const each of all)
      assert.doesNotMatch(readFileSync(`/proc/${each}/cgroup`, 'utf8'), /odoo-load-/);
    assert.equal(existsSync(group), false, 'the group is removed');
  } finally {
    for (const [pid] of trees) process.kill(-pid!, 'SIGKILL');
  }
});
