/**
 * The busy/free state of Odoo's prefork HTTP workers (docs/odoo-protocol.md §6): at most `workers` requests
 * are served at once; the others wait in arrival order, as connections wait at Odoo's shared
 * listening socket. `--workers 0` is the threaded server: no limit.
 */
export class WorkerPool {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  /** Requests served and the deepest the queue got, for the stats endpoint. */
  served = 0;
  maxQueued = 0;

  constructor(readonly workers: number) {}

  /**
   * Waits for a free worker; the returned function frees it (a killed worker is replaced at once
   * by the master). Calling it twice is harmless.
   */
  async acquire(): Promise<() => void> {
    if (this.workers > 0 && this.busy >= this.workers) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.maxQueued = Math.max(this.maxQueued, this.waiting.length);
      });
    } else {
      this.busy++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.served++;
      // Hand the slot straight to the next waiter, so a queued request never loses its turn.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    };
  }

  get queued(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.busy;
  }
}
