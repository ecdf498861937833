/**
 * Odoo's prefork process model (odoo-rpc.md §6): with `--workers N`, at most N requests are served at
 * once and the rest wait in a queue, as connections wait at Odoo's shared listening socket.
 * `--workers 0` is the threaded server: no limit.
 */
export class WorkerPool {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  /** Requests served and the deepest the queue got, for the stats endpoint. */
  served = 0;
  maxQueued = 0;

  constructor(readonly workers: number) {}

  /**
   * Runs `work` in a worker slot. `release` frees the slot early (a killed worker is replaced at
   * once by the master); calling it twice is harmless.
   */
  async run<T>(work: (release: () => void) => Promise<T>): Promise<T> {
    if (this.workers > 0 && this.busy >= this.workers) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.maxQueued = Math.max(this.maxQueued, this.waiting.length);
      });
    } else {
      this.busy++;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.served++;
      // Hand the slot straight to the next waiter, so a queued request never loses its turn.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    };
    try {
      return await work(release);
    } finally {
      release();
    }
  }

  get queued(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.busy;
  }
}
