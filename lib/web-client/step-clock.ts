/**
 * Times a step of several calls with the person's pauses left out: what a step reports is the time
 * the server and the network took, never the time the person spent reading the screen.
 */
export class StepClock {
  #thought = 0;

  constructor(private readonly pause: () => void) {}

  /** The person pauses; the pause is not part of any step. */
  think(): void {
    const started = Date.now();
    this.pause();
    this.#thought += Date.now() - started;
  }

  /** Starts a step; the function it returns gives the step's milliseconds so far, pauses excluded. */
  start(): () => number {
    const started = Date.now();
    const thoughtBefore = this.#thought;
    return () => Date.now() - started - (this.#thought - thoughtBefore);
  }
}
