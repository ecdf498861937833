/**
 * Running a command on CPU time nothing else wants, so a busy test lane cannot slow a measured one.
 *
 * SCHED_IDLE (`chrt --idle 0`) alone is not enough on Linux with autogroups: the emulator and k6 lead
 * their own sessions, each session is its own scheduling group, and groups share the CPU evenly
 * whatever their tasks' policy. A cpu cgroup marked `cpu.idle` takes the whole lane, sessions
 * included, out of autogroup scheduling and makes it idle as a group. Making one needs root and a
 * writable cpu controller (v1 at /sys/fs/cgroup/cpu, or v2 with cpu enabled at the root); without
 * them the lane runs under SCHED_IDLE only, and says so.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../../services/process.ts';

export interface IdleCpu {
  /** Put before a command (program and arguments) to run it idle. */
  prefix: string[];
  /** One line on how idle it is. */
  describe: string;
  /** Removes the cgroup once everything in it has ended. */
  release: () => void;
}

/** The parent under which a cpu cgroup can be made here, if one can. */
function cpuCgroupParent(): string | undefined {
  const v1 = '/sys/fs/cgroup/cpu';
  if (existsSync(join(v1, 'cpu.shares'))) return v1;
  const v2 = '/sys/fs/cgroup';
  try {
    if (readFileSync(join(v2, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('cpu'))
      return v2;
  } catch {
    // No cgroup v2 at /sys/fs/cgroup.
  }
  return undefined;
}

function idleCgroup(): string | undefined {
  const parent = cpuCgroupParent();
  if (!parent) return undefined;
  const dir = join(parent, `odoo-load-tests-${process.pid}`);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.idle'), '1');
    return dir;
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // It was never made.
    }
    return undefined;
  }
}

export function idleCpu(): IdleCpu {
  const policy = findExecutable('chrt') ? ['chrt', '--idle', '0'] : ['nice', '-n', '19'];
  const cgroup = idleCgroup();
  if (!cgroup)
    return {
      prefix: policy,
      describe: `${policy.join(' ')} only (no writable cpu cgroup: the lanes' sessions share the CPU evenly)`,
      release: () => undefined,
    };
  return {
    // The shell joins the cgroup before exec, so nothing the command starts escapes it.
    prefix: ['sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup, ...policy],
    describe: `cgroup ${cgroup} with cpu.idle, and ${policy.join(' ')}`,
    release: () => {
      try {
        rmdirSync(cgroup);
      } catch (error) {
        console.error(`lanes: ${cgroup} left behind: ${(error as Error).message}`);
      }
    },
  };
}
