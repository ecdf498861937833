/** What runs on this machine, read from /proc: a process's descendants, who listens on a port. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const pids = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** Parent pid and state of a process, or undefined once it is gone. */
function statOf(pid: number): { ppid: number; state: string } | undefined {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state: state! };
  } catch {
    return undefined;
  }
}

/** Whether a process still runs (a zombie has ended: it only waits to be reaped). */
export const isRunning = (pid: number) => {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== 'Z';
};

/** Every live descendant of `root` (children, grandchildren…), whatever its process group. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const stat = statOf(pid);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const found: number[] = [];
  for (let next = [root]; next.length; ) {
    next = next.flatMap((pid) => children.get(pid) ?? []);
    found.push(...next);
  }
  return found.filter(isRunning);
}

/** The process listening on 127.0.0.1:`port` (TCP), from the socket's inode in /proc/net/tcp. */
export function listenerOf(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local_address is "0100007F:PORT"; state 0A is LISTEN; field 9 is the inode.
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => `socket:[${fields[9]}]`),
  );
  if (!inodes.size) return undefined;
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {}
    }
  }
  return undefined;
}
