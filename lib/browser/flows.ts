/**
 * What browser users do in Odoo's own web client, as a person would, each action a timed step. A
 * person logs in once and works until the load ends; a unit of work that fails is counted, and the
 * person goes back to the home screen and goes on.
 */

import { sleep } from 'k6';
import type { Browser, Page } from 'k6/browser';
import {
  type BrowserPlan,
  type BrowserRole,
  type RunPlan,
  targetOf,
} from '../../contract/index.ts';
import { operatorPassword } from '../config.ts';
import { randomBetween } from '../data/random.ts';
import { type BrowserUser, messageOf, screenshot, timedStep } from './ui-step.ts';
import { SELECTORS as S, WEB_CLIENT_UI, type WebClientUi } from './web-client-ui.ts';

/** Lines on a rep's quotation: the recorded web client's order had three. */
const ORDER_LINES = 3;
/** How long a step may take before it counts as failed. */
const STEP_TIMEOUT_MS = 60_000;
/** A person's glance at the screen between two actions in a form (not part of any step). */
const GLANCE_MS = 500;

interface Shift {
  user: BrowserUser;
  ui: WebClientUi;
  url: string;
  /** What the person types into the dropdowns (a recording's fixed names); else the first offered is picked. */
  typed?: Typed;
  /** Hears where a recording's flow changes inside a unit of work. */
  flow?: (name: string) => void;
}

/** Names typed into the dropdowns: the customer, each order line's product, the invoice's product. */
export interface Typed {
  customer: string;
  orderProducts: string[];
  invoiceProduct: string;
  /** The delivery the picker opens, by its reference (else the first ready one). */
  delivery?: string;
}

/**
 * Opens a many2one's dropdown and picks its first match, as a person does, until the field shows a
 * value: the dropdown renders its matches in more than one pass, so a click may land on a replaced
 * element, and a form still settling may close a dropdown just opened.
 */
/** Whether something shows now; an element replaced while looking does not. */
const visible = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .isVisible()
    .catch(() => false);

async function pickFirst(page: Page, field: { input: string; suggestion: string }, typed?: string) {
  const input = page.locator(field.input).first();
  // A pick shows the record's name, a dialog about it (18's product configurator), or, when the
  // name is what was typed (16's customer), closes the suggestions the click landed on.
  const picked = async (clicked: boolean) =>
    (await input.inputValue()) !== (typed ?? '') ||
    (await visible(page, S.dialog)) ||
    (clicked && !(await visible(page, field.suggestion)));
  for (let attempt = 1; attempt <= 5; attempt++) {
    if (!(await visible(page, field.suggestion)))
      await input.click({ timeout: 3000 }).catch(() => undefined);
    if (typed && attempt === 1) {
      // Focus offers the first matches; typing narrows them (a search of its own).
      await page.waitForTimeout(GLANCE_MS);
      await input.fill(typed);
      await page.waitForTimeout(GLANCE_MS);
    }
    // Replaced while clicking: look again.
    const clicked = await page
      .locator(field.suggestion)
      .first()
      .click({ timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    for (let look = 0; look < 10; look++) {
      if (await picked(clicked)) return await page.waitForTimeout(GLANCE_MS);
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`nothing picked in ${field.input}`);
}

/** How long a line may show no product before the rep sees the pick was lost and picks again. */
const LOST_PICK_MS = 3000;

/**
 * Waits for a quotation line's product to settle, as a person watches the line fill in: the line's
 * onchange gives it a price (says 'priced'), or 18's configurator opens (a product with variants),
 * where the rep takes the variant and quantity offered and the line is done ('configured'). Under
 * load a pick can be lost while the form waits for the server (seen on a real 17 at 8 users: the
 * line back to an empty product and no price); a person sees that and picks again ('lost').
 */
async function settleProductLine(page: Page): Promise<'priced' | 'configured' | 'lost'> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let emptySince: number | undefined;
  for (;;) {
    if (await visible(page, S.configuratorConfirm)) break;
    const price = page.locator(S.lineQuantity('price_unit'));
    if ((await price.count()) > 0 && !/^0?[.,]?0*$/.test(await price.first().inputValue()))
      return 'priced';
    const product = await page
      .locator(S.lineProduct.input)
      .first()
      .inputValue({ timeout: 1000 })
      .catch(() => 'unknown');
    emptySince = product === '' ? (emptySince ?? Date.now()) : undefined;
    if (emptySince !== undefined && Date.now() - emptySince > LOST_PICK_MS) return 'lost';
    if (Date.now() > deadline) throw new Error('the quotation line got no price');
    await page.waitForTimeout(100);
  }
  await click(page, S.configuratorConfirm);
  while (await visible(page, S.dialog)) {
    if (Date.now() > deadline) throw new Error('the product configurator did not close');
    await page.waitForTimeout(100);
  }
  return 'configured';
}

/** A line's product picked until it holds (three tries); says whether the configurator set the line. */
async function pickProduct(page: Page, typed?: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    await pickFirst(page, S.lineProduct, typed);
    const settled = await settleProductLine(page);
    if (settled !== 'lost') return settled === 'configured';
    if (attempt === 3) throw new Error('the quotation line lost its product three times');
  }
}

async function open(page: Page, url: string, ready: string) {
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

/** Whether something shows within `ms`. */
const shows = (page: Page, selector: string, ms: number) =>
  page
    .locator(selector)
    .first()
    .waitFor({ timeout: ms })
    .then(() => true)
    .catch(() => false);

/**
 * Clicks what a selector finds once it holds still: OWL renders a list or a dropdown in more than one
 * pass, and a click aimed at an element replaced meanwhile never lands. A click may also time out
 * after it landed: once its target is gone, it did.
 */
async function click(page: Page, selector: string) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    try {
      return await page.locator(selector).first().click({ timeout: 3000 });
    } catch (error) {
      if (!(await visible(page, selector))) return;
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Clicks, then waits for what the click opens; a click that timed out but landed shows it too. */
async function clickAndWait(page: Page, target: string, ready: string) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const clicked = await page
      .locator(target)
      .first()
      .click({ timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    if (await shows(page, ready, clicked ? STEP_TIMEOUT_MS : 1000)) return;
    if (clicked || Date.now() > deadline)
      throw new Error(`${target} was clicked, and ${ready} did not show`);
  }
}

/** Save, and wait until the form says so: its save button gone, the record clean. */
async function save(page: Page) {
  await click(page, S.save);
  await page.locator(S.save).first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/**
 * The shift's start: the login form, then the app a person works in, at its list (the shift's only
 * full page loads; from there on a person moves with the web client's own buttons).
 */
async function logIn(
  shift: Shift,
  login: string,
  password: string,
  app: string,
  ready: string = S.listView,
) {
  const { page } = shift.user;
  await timedStep(shift.user, 'login', async () => {
    await page.goto(`${shift.url}/web/login`);
    await page.locator(S.loginInput).fill(login);
    await page.locator(S.passwordInput).fill(password);
    await Promise.all([page.waitForNavigation(), page.locator(S.submit).click()]);
    await page.locator(S.navbar).waitFor({ timeout: STEP_TIMEOUT_MS });
    await open(page, `${shift.url}${app}`, ready);
  });
}

/**
 * A new record's form: with a form of the app open, its New button, as a person goes from one order
 * to the next; else the app's URL, as a person opening the app (the only full page load after login).
 */
async function openNewForm(page: Page, url: string) {
  const ready = S.many2one('partner_id').input;
  if (await visible(page, S.create)) await clickAndWait(page, S.create, ready);
  else if (await visible(page, S.listCreate)) await clickAndWait(page, S.listCreate, ready);
  else await open(page, url, ready);
}

/** New → customer → three lines → Save → Confirm, then back to the list and one order opened. */
async function keyOrder(shift: Shift) {
  const { user, ui, url } = shift;
  const { page } = user;
  await timedStep(user, 'openForm', () => openNewForm(page, `${url}${ui.newOrder}`));
  await pickFirst(page, S.many2one('partner_id'), shift.typed?.customer);
  for (let line = 0; line < ORDER_LINES; line++) {
    await click(page, S.addLine);
    await page.waitForTimeout(GLANCE_MS);
    if (!(await pickProduct(page, shift.typed?.orderProducts[line])))
      await page.locator(S.lineQuantity('product_uom_qty')).fill('5');
  }
  await timedStep(user, 'save', () => save(page));
  await timedStep(user, 'confirm', () =>
    clickAndWait(page, S.button('action_confirm'), S.state('sale')),
  );
  shift.flow?.('3-order-list');
  await timedStep(user, 'openList', () => clickAndWait(page, S.back, S.listRow));
  await timedStep(user, 'openOrder', () => clickAndWait(page, S.listCell('name'), S.create));
}

/** The ready deliveries, one opened, Validate, and the wizards answered. */
async function validateDelivery(shift: Shift) {
  const { user, ui, url } = shift;
  const { page } = user;
  const reference = shift.typed?.delivery;
  const row = reference ? S.deliveryRow(reference) : S.readyRow;
  // Back from the delivery just validated, or into the app when the shift starts; a picker given
  // a delivery's reference searches for it.
  await timedStep(user, 'openDeliveries', async () => {
    const ready = reference ? S.listRow : row;
    if (await visible(page, S.back)) await clickAndWait(page, S.back, ready);
    else await open(page, `${url}${ui.deliveries}`, ready);
    if (!reference) return;
    await page.locator(S.searchInput).fill(reference);
    await page.keyboard.press('Enter');
    await page.locator(row).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  });
  await timedStep(user, 'openDelivery', () => clickAndWait(page, row, S.button('button_validate')));
  await timedStep(user, 'validate', async () => {
    await click(page, S.button('button_validate'));
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!(await visible(page, S.state('done')))) {
      if (Date.now() > deadline) throw new Error('the delivery did not reach Done');
      // One answer per look: a dialog just answered is still fading out.
      for (const answer of S.wizardAnswers) {
        if (!(await visible(page, answer))) continue;
        await page
          .locator(answer)
          .first()
          .click({ timeout: 3000 })
          .catch(() => undefined);
        break;
      }
      await page.waitForTimeout(100);
    }
  });
}

/** New invoice → customer → one line → Save → Confirm (post). */
async function keyInvoice(shift: Shift) {
  const { user, ui, url } = shift;
  const { page } = user;
  await timedStep(user, 'openForm', () => openNewForm(page, `${url}${ui.newInvoice}`));
  await pickFirst(page, S.many2one('partner_id'), shift.typed?.customer);
  await click(page, S.addLine);
  await page.waitForTimeout(GLANCE_MS);
  await pickFirst(page, S.lineProduct, shift.typed?.invoiceProduct);
  await timedStep(user, 'save', () => save(page));
  await timedStep(user, 'post', () =>
    clickAndWait(page, S.button('action_post'), S.state('posted')),
  );
}

/** Someone who logs in to the web client. */
export interface Login {
  login: string;
  password: string;
}

/**
 * Each unit of work once, as Odoo's own web client was recorded (test/fixtures/web-client):
 * admin logs in and keys an order, a picker logs in and validates a delivery from the Inventory
 * overview, admin logs in again and keys an invoice, each in a browser context of their own (k6 has
 * one open at a time). `flow` hears each part's name before it starts (the recording's flow names;
 * the second login is `5a-login`, and `end` when all is done).
 */
export async function walkThrough(
  target: { url: string; version: number; screenshotsDir: string },
  people: { admin: Login; picker: Login },
  typed: Typed,
  flow: (name: string) => void,
  browser: Browser,
) {
  const ui = WEB_CLIENT_UI[target.version];
  if (!ui) throw new Error(`no web client markup for Odoo ${target.version}`);
  const session = async (
    role: BrowserRole,
    who: Login,
    flows: { login: string; work: string },
    app: { url: string; ready: string },
    work: (shift: Shift) => Promise<void>,
  ) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const user = { page, role, id: 1, screenshotsDir: target.screenshotsDir };
    const shift = { user, ui, url: target.url, typed, flow };
    try {
      flow(flows.login);
      await logIn(shift, who.login, who.password, ui.home, S.navbar);
      flow(flows.work);
      await open(page, `${target.url}${app.url}`, app.ready);
      await work(shift);
      if (flows.work === '5-invoice') flow('end');
    } finally {
      await context.close();
    }
  };
  const { admin, picker } = people;
  const lists = (url: string) => ({ url, ready: S.listView });
  await session(
    'salesRep',
    admin,
    { login: '1-login', work: '2-order-entry' },
    lists(ui.quotations),
    keyOrder,
  );
  await session(
    'picker',
    picker,
    { login: '4a-picker-login', work: '4-warehouse' },
    { url: ui.overview, ready: S.kanbanView },
    validateDelivery,
  );
  await session(
    'accountant',
    admin,
    { login: '5a-login', work: '5-invoice' },
    lists(ui.invoices),
    keyInvoice,
  );
}

/** Reps and accountants log in to the web client with the main login's password. */
function webPassword(): string {
  const password = __ENV.ODOO_PASSWORD;
  if (!password) throw new Error('ODOO_PASSWORD is not set: browser users log in with a password');
  return password;
}

/** Where each role's day starts: the list of what they work on. */
const APPS: Record<BrowserRole, (ui: WebClientUi) => string> = {
  salesRep: (ui) => ui.quotations,
  picker: (ui) => ui.deliveries,
  accountant: (ui) => ui.invoices,
};

const WORK: Record<BrowserRole, (shift: Shift) => Promise<void>> = {
  salesRep: keyOrder,
  picker: validateDelivery,
  accountant: keyInvoice,
};

/**
 * One person's shift in a real browser: logs in once, then does their role's unit of work, pausing
 * between units, until the load ends.
 */
export async function browserShift(
  plan: RunPlan,
  role: BrowserRole,
  index: number,
  browser: Browser,
) {
  const browsers = plan.browsers as BrowserPlan;
  const ui = WEB_CLIENT_UI[browsers.version];
  if (!ui) throw new Error(`no web client markup for Odoo ${browsers.version}`);
  const person = browsers.users.filter((user) => user.role === role)[index];
  if (!person) return;
  const deadline = Date.now() + browsers.durationSeconds * 1000;
  const page = await browser.newPage();
  // A person away from Odoo comes in through their role's latency proxy.
  const url = targetOf(plan.target, role).url;
  const shift: Shift = {
    user: { page, role, id: index + 1, screenshotsDir: browsers.screenshotsDir },
    ui,
    url,
  };
  const password = role === 'picker' ? operatorPassword() : webPassword();
  try {
    await logIn(shift, person.login, password, APPS[role](ui));
    while (Date.now() < deadline) {
      try {
        await WORK[role](shift);
      } catch (error) {
        // A step that failed has its picture; an action between steps (typing, picking) gets one.
        const message = messageOf(error);
        const picture = message.includes('(screenshot') ? '' : await screenshot(shift.user, 'work');
        console.warn(`${role} ${index + 1}: ${message}${picture}`);
        // Discard a half-keyed form first: a page left dirty holds the browser on "leave page?".
        if (await visible(page, S.discard))
          await page
            .locator(S.discard)
            .first()
            .click({ timeout: 3000 })
            .catch(() => undefined);
        await page.goto(`${url}${ui.home}`, { timeout: 30_000 }).catch(() => undefined);
      }
      sleep(randomBetween(browsers.pauseSeconds));
    }
  } finally {
    await page.close();
  }
}
