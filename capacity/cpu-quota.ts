/**
 * A CPU limit put on a running server the way a container runtime puts one: Odoo's processes moved
 * into a cgroup of their own whose CFS quota is `cpus` periods of CPU time per period (cgroup v1's
 * `cpu` controller, or v2's `cpu.max`). The processes may run on every core, for that share of each
 * period. Workers the master forks later are born in the group. Undone by moving every process of the
 * group back where it (or its parent) came from and removing the group.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';

/** Docker's and Kubernetes' period: a limit of 0.5 CPU is 50 ms of CPU time each 100 ms. */
export const QUOTA_PERIOD_US = 100_000;

export interface CpuQuota {
  /** The cgroup's folder. */
  group: string;
  /** Moves the group's processes back and removes it. */
  release: () => void;
}

interface Hierarchy {
  version: 1 | 2;
  /** The mount of the hierarchy holding the cpu controller. */
  mount: string;
}

/** Where this machine's cpu controller is: v1's `cpu` hierarchy, or v2's unified one. */
export function cpuHierarchy(root = '/sys/fs/cgroup'): Hierarchy | undefined {
  if (existsSync(join(root, 'cpu', 'cpu.cfs_quota_us')))
    return { version: 1, mount: join(root, 'cpu') };
  const controllers = join(root, 'cgroup.controllers');
  if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu'))
    return { version: 2, mount: root };
  return undefined;
}

/** The cgroup a process is in, in the hierarchy holding the cpu controller (`/`, `/user.slice`…). */
function cgroupOf(pid: number, hierarchy: Hierarchy): string {
  for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
    const [id, controllers, path] = line.split(':');
    if (path === undefined) continue;
    const holdsCpu = hierarchy.version === 2 ? id === '0' : controllers!.split(',').includes('cpu');
    if (holdsCpu) return path;
  }
  return '/';
}

function write(file: string, value: string): void {
  try {
    writeFileSync(file, value);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `--cpu-quota: could not write ${value.trim()} to ${file} (${code ?? String(error)})${code === 'EACCES' || code === 'EPERM' ? ': run as root' : ''}`,
      EXIT.missingTool,
    );
  }
}

/** A process's parent (the fourth field of /proc/<pid>/stat), 0 when it is gone. */
function parentOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return 0;
  }
}

const processesIn = (group: string) =>
  readFileSync(join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);

/** Limits `pids` (Odoo's master first) to `cpus` CPUs of CPU time, in a cgroup named after the master. */
export function limitCpu(pids: number[], cpus: number, hierarchy = cpuHierarchy()): CpuQuota {
  if (!hierarchy)
    throw new CliError(
      '--cpu-quota on a real server needs the cgroup cpu controller (cgroup v1 /sys/fs/cgroup/cpu, or v2 with cpu in /sys/fs/cgroup/cgroup.controllers)',
      EXIT.missingTool,
    );
  const [master] = pids;
  if (master === undefined) throw new Error('limitCpu: no process to limit');
  const homes = new Map(pids.map((pid) => [pid, join(hierarchy.mount, cgroupOf(pid, hierarchy))]));
  // A worker or backend forked while limited goes back where its parent came from.
  const homeOf = (pid: number) => homes.get(pid) ?? homes.get(parentOf(pid)) ?? homes.get(master)!;
  const group = join(hierarchy.mount, `odoo-load-${master}`);
  const quota = Math.max(1000, Math.round(cpus * QUOTA_PERIOD_US));
  if (hierarchy.version === 2) {
    // A child of the root gets the cpu controller only when the root hands it down.
    const subtree = join(hierarchy.mount, 'cgroup.subtree_control');
    if (!readFileSync(subtree, 'utf8').split(/\s+/).includes('cpu')) write(subtree, '+cpu');
  }
  mkdirSync(group, { recursive: true });
  const release = () => {
    // Every process now in the group: the ones moved and any worker forked since.
    if (!existsSync(group)) return;
    for (const pid of processesIn(group)) {
      try {
        writeFileSync(join(homeOf(pid), 'cgroup.procs'), String(pid));
      } catch {
        // Exited between the read and the move.
      }
    }
    try {
      rmdirSync(group);
    } catch (error) {
      throw new CliError(
        `--cpu-quota: could not remove ${group} (${(error as NodeJS.ErrnoException).code ?? String(error)}): move the processes in its cgroup.procs out, then rmdir it`,
        EXIT.missingTool,
      );
    }
  };
  try {
    if (hierarchy.version === 1) {
      write(join(group, 'cpu.cfs_period_us'), String(QUOTA_PERIOD_US));
      write(join(group, 'cpu.cfs_quota_us'), String(quota));
    } else write(join(group, 'cpu.max'), `${quota} ${QUOTA_PERIOD_US}`);
    // Writing a process to cgroup.procs moves all its threads.
    for (const pid of pids)
      if (existsSync(`/proc/${pid}`)) write(join(group, 'cgroup.procs'), String(pid));
  } catch (error) {
    release();
    throw error;
  }
  return { group, release };
}
