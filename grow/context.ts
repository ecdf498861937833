/**
 * What every growing step works with: the target's client and version, the dataset profile, the
 * batch size, Ctrl-C, and a progress line with a rate and an ETA. Everything grow creates carries the
 * GROW tag (names, references, logins), so a step can count what it made before and resume after it,
 * and `cleanup --grown` can find it.
 */
import { CliError, EXIT } from '../contract/exit-codes.ts';
import type { NodeOdooClient } from '../node-odoo/client.ts';
import type { DatasetProfile } from '../planning/dataset-schema.ts';

export const GROW_TAG = 'GROW';

/** Odoo's context flags that skip what a data load does not need: mail tracking and followers. */
export const QUIET = {
  tracking_disable: true,
  mail_create_nolog: true,
  mail_create_nosubscribe: true,
  mail_notrack: true,
  skip_sms: true,
};

export interface GrowContext {
  odoo: NodeOdooClient;
  /** The login growing the database (it is given access to every grown company). */
  uid: number;
  version: number;
  profile: DatasetProfile;
  /** Records per create call. */
  batch: number;
  log: (line: string) => void;
  signal: AbortSignal;
  /** The companies to spread work over (the login's, grown ones included), main one first. */
  companyIds: number[];
}

/** "000123": the index a grown record is named by, so a name says where a resumed step starts. */
export const padded = (index: number, width = 6) => String(index).padStart(width, '0');

/** Stops at a batch boundary once Ctrl-C was pressed: what is made stays, and counts say where to resume. */
export function checkInterrupted(context: GrowContext): void {
  if (context.signal.aborted)
    throw new CliError(
      'grow: interrupted; what was made is kept, and growing again resumes where this stopped',
      EXIT.interrupted,
    );
}

/** A step's progress: done of total, the rate so far and what is left at that rate, every 10 s at most. */
export function progress(context: GrowContext, step: string, unit: string, total: number) {
  const started = Date.now();
  // The first line after a batch or two: a rate from one instant says nothing.
  let said = Date.now() - 8_000;
  let done = 0;
  const say = (final = false) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.round((total - done) / rate) : Number.NaN;
    context.log(
      `grow ${step}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}, ${rate.toFixed(1)}/s${final ? ` in ${Math.round(seconds)} s` : `, about ${Number.isNaN(eta) ? '?' : eta} s left`}`,
    );
  };
  return {
    add(count: number): void {
      done += count;
      if (Date.now() - said > 10_000) {
        said = Date.now();
        say();
      }
    },
    end(): void {
      if (total > 0) say(true);
    },
  };
}

/** Runs `work` on `items` in batches of the context's size, counting progress; stops on Ctrl-C. */
export async function inBatches<T>(
  context: GrowContext,
  items: T[],
  step: string,
  unit: string,
  work: (batch: T[]) => Promise<void>,
  /** Items of one group (sorted together) share a batch; a batch never mixes two. */
  groupOf: (item: T) => unknown = () => undefined,
): Promise<void> {
  const shown = progress(context, step, unit, items.length);
  for (let start = 0; start < items.length; ) {
    checkInterrupted(context);
    const group = groupOf(items[start]!);
    let end = start + 1;
    while (end < items.length && end - start < context.batch && groupOf(items[end]!) === group)
      end++;
    const batch = items.slice(start, end);
    await work(batch);
    shown.add(batch.length);
    start = end;
  }
  shown.end();
}
