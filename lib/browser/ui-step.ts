/**
 * A browser user's timed steps: what a person waits for, from the click to a usable screen. A failed
 * step counts as failed, leaves a screenshot in the run folder and is thrown on, so the person starts
 * the unit of work over.
 */
import type { Page } from 'k6/browser';
import type { BrowserRole, UiStep } from '../../contract/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';

export interface BrowserUser {
  page: Page;
  role: BrowserRole;
  /** A person's number among the run's browser users, for screenshot names. */
  id: number;
  screenshotsDir: string;
}

let screenshots = 0;
/** A person failing the same step over and over needs a few pictures, not a full disk. */
const MAX_SCREENSHOTS = 20;

/** The browser module rejects with strings as well as Errors. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export async function timedStep<T>(
  user: BrowserUser,
  step: UiStep,
  action: () => Promise<T>,
): Promise<T> {
  const tags = { [TAGS.step]: step, [TAGS.role]: user.role };
  const started = Date.now();
  try {
    const result = await action();
    metrics.uiStepDuration.add(Date.now() - started, tags);
    metrics.uiStepFailed.add(false, tags);
    return result;
  } catch (error) {
    metrics.uiStepFailed.add(true, tags);
    throw new Error(`${step}: ${messageOf(error)}${await screenshot(user, step)}`);
  }
}

/** A picture of the page as a step failed, in the run folder; says where, or nothing past the cap. */
export async function screenshot(user: BrowserUser, label: string): Promise<string> {
  if (++screenshots > MAX_SCREENSHOTS) return '';
  const path = `${user.screenshotsDir}/${user.role}-${user.id}-${screenshots}-${label}.png`;
  // A page that is gone (the browser crashed) has nothing to show; the failure is what counts.
  await user.page.screenshot({ path, fullPage: true }).catch(() => undefined);
  return ` (screenshot ${path})`;
}
