/**
 * A what-if made real on a server of one's own (a staging copy on this machine): its database moved
 * away through the latency proxy Odoo reaches PostgreSQL by (`odoo-load latency-proxy`, started
 * before Odoo, which needs its database to start), and its workers given fewer CPUs (taskset on
 * Odoo's processes, or a cgroup's CPU quota; new workers inherit either from the master). Undone
 * after each sweep.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import type { Placement } from '../planning/placement.ts';
import { findExecutable, run } from '../services/process.ts';
import { ToxiproxyApi } from '../services/toxiproxy.ts';
import { limitCpu } from './cpu-quota.ts';

export interface RealPlacement {
  /** The API of the latency proxy Odoo reaches PostgreSQL through (its proxy named `database`). */
  dbProxy?: string;
  /** Odoo's master process: a pid, or its pid file. */
  odooPid?: string;
  /** PostgreSQL's postmaster (a pid, or its postmaster.pid), when it shares Odoo's CPUs. */
  postgresPid?: string;
}

export interface PlacedTarget {
  restore: () => Promise<void>;
}

const NOTHING_CHANGED: PlacedTarget = { restore: async () => undefined };

/** The proxy between Odoo and PostgreSQL, as `odoo-load latency-proxy --database` names it. */
export const DATABASE_PROXY = 'database';

/** A toxiproxy API on this machine: `http://127.0.0.1:8474`. */
export function parseDbProxy(flag: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' || !/^(127\.0\.0\.1|localhost)$/.test(url.hostname))
    throw new CliError(
      `--${flag}: expected the API of the latency proxy Odoo reaches PostgreSQL through, on this machine (odoo-load latency-proxy prints it, e.g. http://127.0.0.1:8474), got ${JSON.stringify(value)}`,
      EXIT.badInput,
    );
  return url.origin;
}

/**
 * A master's pid and its children's: Odoo's prefork workers, or PostgreSQL's backends (a pid file's
 * first line is the pid, as Odoo's and postmaster.pid write it).
 */
function processTree(flag: string, pidOrFile: string, what: string): number[] {
  const text = existsSync(pidOrFile)
    ? readFileSync(pidOrFile, 'utf8').trim().split('\n')[0]!
    : pidOrFile;
  const master = Number(text);
  if (!Number.isInteger(master) || master <= 0 || !existsSync(`/proc/${master}`))
    throw new CliError(
      `--${flag}: expected the pid of ${what} or its pid file, got ${JSON.stringify(pidOrFile)}`,
      EXIT.badInput,
    );
  const children = readdirSync(`/proc/${master}/task`).flatMap((task) => {
    const file = `/proc/${master}/task/${task}/children`;
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean) : [];
  });
  return [master, ...children.map(Number)];
}

const processesOf = (real: RealPlacement | undefined) =>
  real?.postgresPid ? "Odoo's and PostgreSQL's processes" : "Odoo's processes";

/** The last `count` CPUs of this machine ("1" of 0–1), leaving the first ones to the rest. */
const cpuListOf = (count: number) => {
  const all = availableParallelism();
  const first = Math.max(0, all - Math.ceil(count));
  return first === all - 1 ? String(first) : `${first}-${all - 1}`;
};

async function pinCpus(pids: number[], cpus: string): Promise<void> {
  const taskset = findExecutable('taskset');
  if (!taskset) throw new CliError('taskset (util-linux) is not installed', EXIT.missingTool);
  for (const pid of pids) {
    const result = await run(taskset, ['-a', '-c', '-p', cpus, String(pid)]);
    if (result.code !== 0)
      throw new CliError(
        `taskset -p ${cpus} ${pid} failed: ${result.stderr.trim()} (run as Odoo's user or root)`,
        EXIT.missingTool,
      );
  }
}

/** A what-if a real server can take: a database distance needs the proxy, CPUs need Odoo's pid. */
export function assertRealPlacement(
  real: RealPlacement | undefined,
  whatIf: Partial<Placement> | undefined,
): void {
  if (whatIf?.databaseRoundTripMs !== undefined && !real?.dbProxy)
    throw new CliError(
      '--db-rtt on a real server needs --db-proxy <API of the latency proxy Odoo reaches PostgreSQL through>: start one with odoo-load latency-proxy --database <listen>=<postgres>, then Odoo with db_host/db_port at <listen>',
      EXIT.badInput,
    );
  const cpuFlag = whatIf?.cpuQuota ? '--cpu-quota' : '--cpus';
  if (whatIf?.cpus !== undefined && !real?.odooPid)
    throw new CliError(
      `${cpuFlag} on a real server needs --odoo-pid <pid or pid file of Odoo's master process>`,
      EXIT.badInput,
    );
  if (whatIf?.cpus !== undefined && !whatIf.cpuQuota && !Number.isInteger(whatIf.cpus))
    throw new CliError(
      `--cpus ${whatIf.cpus} on a real server: taskset gives whole CPUs; --cpu-quota ${whatIf.cpus} gives that much CPU time as a container's limit does`,
      EXIT.badInput,
    );
}

/** Applies the what-if's database distance and CPUs to the real server; restore() undoes them. */
export async function placeRealTarget(
  real: RealPlacement | undefined,
  whatIf: Partial<Placement> | undefined,
  log: (line: string) => void,
): Promise<PlacedTarget> {
  const roundTrip = whatIf?.databaseRoundTripMs;
  const cpus = whatIf?.cpus;
  if (roundTrip === undefined && cpus === undefined) return NOTHING_CHANGED;
  assertRealPlacement(real, whatIf);
  const proxy =
    roundTrip !== undefined && real?.dbProxy ? new ToxiproxyApi(real.dbProxy) : undefined;
  if (proxy && roundTrip !== undefined) {
    await proxy.setRoundTrip(DATABASE_PROXY, roundTrip);
    log(`placement: Odoo's queries pay +${roundTrip} ms through the latency proxy at ${proxy.api}`);
  }
  // PostgreSQL's processes after Odoo's: a cgroup is named after Odoo's master, the first.
  const pids =
    cpus !== undefined && real?.odooPid
      ? [
          ...processTree('odoo-pid', real.odooPid, "Odoo's running master process"),
          ...(real.postgresPid
            ? processTree('postgres-pid', real.postgresPid, "PostgreSQL's running postmaster")
            : []),
        ]
      : [];
  const quota = whatIf?.cpuQuota === true;
  let release: () => void = () => undefined;
  try {
    if (cpus !== undefined && quota) {
      const limited = limitCpu(pids, cpus);
      release = limited.release;
      log(
        `placement: ${processesOf(real)} (${pids.length}) limited to ${cpus} CPU of CPU time (${limited.group})`,
      );
    } else if (cpus !== undefined) {
      await pinCpus(pids, cpuListOf(cpus));
      log(`placement: ${processesOf(real)} (${pids.length}) on CPUs ${cpuListOf(cpus)}`);
    }
  } catch (error) {
    await proxy?.setRoundTrip(DATABASE_PROXY, 0);
    throw error;
  }
  return {
    restore: async () => {
      release();
      if (pids.length && !quota)
        await pinCpus(
          pids.filter((pid) => existsSync(`/proc/${pid}`)),
          cpuListOf(availableParallelism()),
        );
      await proxy?.setRoundTrip(DATABASE_PROXY, 0);
    },
  };
}
