/**
 * A browser user's timed steps against a page the test serves itself (plain HTML of its own, not an
 * imitation of Odoo): Chromium starts under k6 here, a step that succeeds is timed, one that fails is
 * counted and leaves a screenshot. With SHIFT_SECONDS the person keeps saving until then (the tests
 * that stop k6 mid-run).
 */
import { browser } from 'k6/browser';
import { METRICS, selector, TAGS } from '../../contract/index.ts';
import { timedStep } from '../../lib/browser/ui-step.ts';

export const options = {
  scenarios: {
    ui: {
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
      // A target that stops answering holds the person until k6 ends the iteration at this bound.
      maxDuration: __ENV.MAX_DURATION ?? '2m',
      // Stopped once, k6 waits this long for the person's iteration before it ends it.
      gracefulStop: '5s',
      options: { browser: { type: 'chromium' } },
    },
  },
  // The tags the dashboards filter on, when the self-test streams to InfluxDB.
  tags: { [TAGS.runId]: __ENV.RUN_ID ?? '', [TAGS.hosting]: 'browser-self-test' },
  thresholds: {
    [selector(METRICS.uiStepDuration.name, { step: 'save' })]: ['p(95)<5000'],
    [METRICS.uiStepFailed.name]: ['rate<0.5'],
  },
};

export default async function () {
  const page = await browser.newPage();
  const user = { page, role: 'salesRep' as const, id: 1, screenshotsDir: __ENV.SHOTS ?? '.' };
  const until = Date.now() + Number(__ENV.SHIFT_SECONDS ?? 0) * 1000;
  try {
    await timedStep(user, 'login', async () => {
      await page.goto(__ENV.PAGE_URL ?? '');
      await page.locator('#form').waitFor();
    });
    do {
      for (let i = 0; i < 5; i++)
        await timedStep(user, 'save', async () => {
          await page.locator('#save').click();
          await page.locator('#state.saved').waitFor({ timeout: 3000 });
          await page.locator('#reset').click();
        });
    } while (Date.now() < until);
    await timedStep(user, 'confirm', () => page.locator('#never').waitFor({ timeout: 1000 })).catch(
      () => undefined,
    );
  } finally {
    await page.close();
  }
}
