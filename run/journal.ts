/**
 * What happened during a run, as it happens: events with their time since the start, steps that
 * could not run and why, and how the run ended. Written into run.json at the end, whatever failed
 * on the way, so the folder always says how the run ended.
 */
import type { ExitCode, RunEnding, RunEvent, RunRecord, SkippedStep } from '../contract/index.ts';

import type { RunFolder } from '../store/run-folder.ts';

export class RunJournal {
  readonly events: RunEvent[] = [];
  readonly skipped: SkippedStep[] = [];
  private readonly started = Date.now();

  constructor(
    readonly folder: RunFolder,
    private readonly record: RunRecord,
  ) {
    folder.write('run', record);
  }

  /** Seconds since the run started, or since `epochMs` when given. */
  at(epochMs = Date.now()): number {
    return Math.max(0, Math.round((epochMs - this.started) / 100) / 10);
  }

  note(what: string, epochMs?: number): void {
    this.events.push({ at: this.at(epochMs), what });
  }

  /** When the user interrupted the run (seconds since its start), the first time. */
  interruptedAt?: number;

  /** Ctrl-C: noted with its time; the first one is kept for the headline. */
  interrupt(what: string): void {
    this.interruptedAt ??= this.at();
    this.note(what);
  }

  skip(step: string, reason: string): void {
    this.skipped.push({ step, reason });
  }

  readonly warnings: string[] = [];
  generators?: RunEnding['generators'];

  /** Writes how the run ended into run.json. */
  end(exitCode: ExitCode, verdict: string, k6?: RunEnding['k6']): RunRecord {
    const events = [...this.events].sort((a, b) => a.at - b.at);
    this.record.ending = {
      exitCode,
      verdict,
      k6,
      events,
      skipped: this.skipped,
      ...(this.generators ? { generators: this.generators } : {}),
      ...(this.warnings.length ? { warnings: this.warnings } : {}),
      endedAt: new Date().toISOString(),
    };
    this.folder.write('run', this.record);
    return this.record;
  }
}
