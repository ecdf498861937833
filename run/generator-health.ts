/**
 * The load generators' own health: each k6 process's CPU and memory, read from /proc while it
 * runs. A generator short of CPU sends less than planned and measures its own queueing as Odoo's
 * latency, so the run says so when the generators, not the target, may have been the bottleneck.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { GeneratorHealth } from '../contract/index.ts';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** A process's CPU seconds so far and resident memory, or undefined once it is gone. */
export function usageOf(pid: number): { cpu: number; rssMiB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpu, rssMiB: Number(kb ?? 0) / 1024 };
  } catch {
    return undefined;
  }
}

/** Processes of a process group other than its leader (Chromium's under k6), from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === pgid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pgrp is the third field after the command name.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) members.push(pid);
    } catch {
      // Gone while listing.
    }
  }
  return members;
}

/** What a k6 process's browsers use now, summed over their processes. */
function browsersOf(pgid: number) {
  const usages = groupMembers(pgid)
    .map(usageOf)
    .filter((usage) => usage !== undefined);
  return {
    processes: usages.length,
    cpu: usages.reduce((sum, usage) => sum + usage.cpu, 0),
    rssMiB: usages.reduce((sum, usage) => sum + usage.rssMiB, 0),
  };
}

function noteBrowsers(
  state: GeneratorHealth,
  now: ReturnType<typeof browsersOf>,
  last: { at: number; browserCpu: number } | undefined,
  at: number,
) {
  const seen = state.browsers ?? { cpuSeconds: 0, peakCores: 0, peakRssMiB: 0, peakProcesses: 0 };
  // A renderer that exited takes its CPU time with it: keep the most ever seen.
  seen.cpuSeconds = Math.max(seen.cpuSeconds, now.cpu);
  if (last && now.cpu >= last.browserCpu)
    seen.peakCores = Math.max(
      seen.peakCores,
      (now.cpu - last.browserCpu) / ((at - last.at) / 1000),
    );
  seen.peakRssMiB = Math.max(seen.peakRssMiB, now.rssMiB);
  seen.peakProcesses = Math.max(seen.peakProcesses, now.processes);
  state.browsers = seen;
}

/** Watches k6 processes as they start; `stop()` returns what each used. */
export function watchGenerators(everyMs = 2000) {
  const watched = new Map<
    number,
    {
      pid: number;
      started: number;
      state: GeneratorHealth;
      last?: { at: number; cpu: number; browserCpu: number };
    }
  >();
  const timer = setInterval(() => {
    for (const entry of watched.values()) {
      const now = usageOf(entry.pid);
      if (!now) continue;
      const at = Date.now();
      const browsers = browsersOf(entry.pid);
      if (browsers.processes > 0) noteBrowsers(entry.state, browsers, entry.last, at);
      if (entry.last) {
        const cores = (now.cpu - entry.last.cpu) / ((at - entry.last.at) / 1000);
        entry.state.peakCores = Math.max(entry.state.peakCores, cores);
      }
      entry.last = { at, cpu: now.cpu, browserCpu: browsers.cpu };
      entry.state.cpuSeconds = now.cpu;
      entry.state.meanCores = now.cpu / Math.max(1, (at - entry.started) / 1000);
      entry.state.peakRssMiB = Math.max(entry.state.peakRssMiB, now.rssMiB);
    }
  }, everyMs);
  return {
    started(instance: number, pid: number): void {
      watched.set(instance, {
        pid,
        started: Date.now(),
        state: { instance, cpuSeconds: 0, meanCores: 0, peakCores: 0, peakRssMiB: 0 },
      });
    },
    stop(): GeneratorHealth[] {
      clearInterval(timer);
      return [...watched.values()].map((entry) => entry.state);
    },
  };
}

/**
 * "the load generators, not the target, may have been the bottleneck: …", when k6 used nearly all
 * of this machine's cores (90 %), or dropped planned iterations while Odoo kept within its SLOs (a
 * slow Odoo also leaves no VU free: that is the target's doing, and the verdict says it already).
 */
export function generatorWarning(
  generators: GeneratorHealth[],
  droppedIterations: number,
  targetWithinSlo: boolean,
  cores = availableParallelism(),
): string | undefined {
  const busiest = generators.reduce(
    (sum, generator) => sum + generator.peakCores + (generator.browsers?.peakCores ?? 0),
    0,
  );
  const reasons = [
    busiest >= cores * 0.9
      ? `k6${generators.some((generator) => generator.browsers) ? ' and its browsers' : ''} used ${busiest.toFixed(1)} of this machine's ${cores} cores at its busiest`
      : undefined,
    droppedIterations > 0 && targetWithinSlo
      ? `${droppedIterations} planned iterations were dropped for want of a free VU although Odoo answered within its SLOs (raise the profile's VU ceiling)`
      : undefined,
  ].filter(Boolean);
  return reasons.length
    ? `the load generators, not the target, may have been the bottleneck: ${reasons.join('; ')}`
    : undefined;
}
