/**
 * Browser users, as far as CI can prove them without Odoo: the peak-day bundle carries their
 * scenarios (k6 inspect), a run that asks for them against the emulator is refused before anything
 * starts, and real Chromium under real k6 against a page this test serves itself times its steps
 * into results, the verdict, the report's chart and the gate's JUnit. No Chromium outlives k6,
 * whether it ends, is stopped once or twice, or its target stops answering.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { EXIT } from '../../contract/exit-codes.ts';
import { INFLUX_TAGS_AS_FIELDS, METRICS, selector } from '../../contract/index.ts';
import { UI_STEPS_PANEL_TITLE } from '../../dashboards/src/workloads.ts';
import { aggregateRun } from '../../judge/results/aggregate.ts';
import { verdictOf } from '../../judge/verdict.ts';
import { loadLoadProfile } from '../../planning/load.ts';
import { buildPlan } from '../../planning/plan.ts';
import { writeReport } from '../../report/write-report.ts';
import { groupMembers } from '../../run/generator-health.ts';
import { RunJournal } from '../../run/journal.ts';
import { runK6 } from '../../run/k6-run.ts';
import { browserEnv, ensureChromium } from '../../services/chromium.ts';
import { LocalInflux } from '../../services/influxdb.ts';
import { ensureK6 } from '../../services/k6.ts';
import { bundleK6Script } from '../../services/k6-script.ts';
import { freePort } from '../../services/process.ts';
import { newRunId, RunFolder } from '../../store/run-folder.ts';
import { launchChromium } from '../support/browser.ts';
import { odooLoad, told } from '../support/cli.ts';
import { panelsWithoutData } from '../support/dashboard-data.ts';
import { runFolderNames, runFoldersSince } from '../support/runs.ts';

/** A form whose Save asks the server, which answers after 200 ms, and a Reset that makes it a draft again. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>odoo-load browser self-test</title>
<form id="form"><button id="save" type="button">Save</button><button id="reset" type="button">Reset</button>
<p id="state">draft</p></form>
<script>
const state = document.getElementById('state');
document.getElementById('save').onclick = () =>
  fetch('/save', { method: 'POST' }).then(() => { state.textContent = 'saved'; state.className = 'saved'; });
document.getElementById('reset').onclick = () => { state.textContent = 'draft'; state.className = ''; };
</script>`;

let k6 = '';
let chromium = '';
let script = '';
let server: Server;
let pageUrl = '';
/** After this, the page server takes requests and never answers (a target that stopped answering). */
let hang = false;

before(async () => {
  k6 = (await ensureK6((line) => console.log(line))).path;
  chromium = await ensureChromium((line) => console.log(line));
  ({ script } = await bundleK6Script('test/k6-browser/ui-steps.ts'));
  const port = await freePort();
  server = createServer((request, response) => {
    if (hang) return;
    if (request.url === '/save') {
      setTimeout(() => response.end('saved'), 200);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(PAGE);
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  pageUrl = `http://127.0.0.1:${port}/`;
});

after(() => {
  server?.closeAllConnections();
  server?.close();
});

/** Runs the self-test script under k6 with the suite's own runner; says what it left behind. */
async function runSelfTest(
  folder: string,
  options: {
    shiftSeconds?: number;
    maxDuration?: string;
    stop?: (pid: number) => Promise<void>;
    /** Streams the samples to InfluxDB (`<url>/<db>`) too, tagged with this run id. */
    stream?: { target: string; runId: string };
  } = {},
) {
  const shots = join(folder, 'screenshots');
  mkdirSync(shots, { recursive: true });
  let pid = 0;
  const graceful = new AbortController();
  const hard = new AbortController();
  const running = runK6({
    k6,
    script,
    password: '',
    summaryPath: join(folder, 'summary.json'),
    outputs: [
      `json=${join(folder, 'metrics.json.gz')}`,
      ...(options.stream ? [`influxdb=${options.stream.target}`] : []),
    ],
    env: {
      ...browserEnv(chromium),
      ...(options.stream
        ? { RUN_ID: options.stream.runId, K6_INFLUXDB_TAGS_AS_FIELDS: INFLUX_TAGS_AS_FIELDS }
        : {}),
      PAGE_URL: pageUrl,
      SHOTS: shots,
      SHIFT_SECONDS: String(options.shiftSeconds ?? 0),
      MAX_DURATION: options.maxDuration ?? '2m',
    },
    apiPort: await freePort(),
    onLine: () => undefined,
    signal: graceful.signal,
    hardSignal: hard.signal,
    onStart: (started) => {
      pid = started;
    },
  });
  if (options.stop) {
    // Chromium started under k6: its processes are in k6's process group.
    const deadline = Date.now() + 60_000;
    while (groupMembers(pid).length === 0 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 200));
    assert.ok(groupMembers(pid).length > 0, 'Chromium started under k6');
    await options.stop(pid);
    if (options.stop.name === 'interruptOnce') graceful.abort();
    if (options.stop.name === 'interruptTwice') {
      graceful.abort();
      hard.abort();
    }
  }
  const exit = await running;
  return { exit, pid, shots, leftovers: await leftoversOf(pid) };
}

/** Processes of k6's group still there a few seconds after k6 ended (killed ones take a moment). */
async function leftoversOf(pid: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  while (groupMembers(pid).length > 0 && Date.now() < deadline)
    await new Promise((done) => setTimeout(done, 100));
  return groupMembers(pid).map((member) => {
    try {
      return `${member} ${readFileSync(`/proc/${member}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120)}`;
    } catch {
      return `${member} (gone)`;
    }
  });
}

describe('browser users', () => {
  test('the peak-day bundle carries the browser scenarios: k6 inspect shows them in Chromium', async () => {
    const { profile } = loadLoadProfile('smoke-browsers');
    const { plan } = buildPlan({
      runId: 'inspect',
      scenario: 'peak-day',
      profile,
      target: { url: 'http://staging.invalid:8069', db: 'odoo', login: 'admin', auth: 'session' },
      companies: [1],
      operators: ['picker01', 'picker02'],
      hosting: 'staging',
      browsers: { version: 17, screenshotsDir: '/tmp', pickerLogins: ['picker03'] },
    });
    const inspect = spawnSync(
      k6,
      ['inspect', '-e', `ODOO_LOAD_PLAN=${JSON.stringify(plan)}`, resolve('dist', 'peak-day.js')],
      { encoding: 'utf8', env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } },
    );
    assert.equal(inspect.status, 0, inspect.stderr);
    const scenarios = JSON.parse(inspect.stdout).scenarios as Record<
      string,
      Record<string, unknown>
    >;
    for (const name of ['browser_sales_rep', 'browser_picker']) {
      assert.deepEqual(scenarios[name]?.options, { browser: { type: 'chromium' } }, name);
      assert.equal(scenarios[name]?.executor, 'per-vu-iterations');
    }
    assert.equal(scenarios.browser_accountant, undefined, 'no accountant asked for');
    assert.deepEqual(
      plan.browsers?.users.map((user) => `${user.role}:${user.login}`),
      ['salesRep:admin', 'picker:picker03'],
    );
  });

  test('against the emulator, a run with browser users stops before anything starts, with one line', async () => {
    const reportsBefore = runFolderNames();
    const result = await odooLoad(['run', 'peak-day', '--profile', 'smoke-browsers']);
    assert.equal(result.code, EXIT.badInput, told(result));
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0]!,
      /browserUsers: 2 browser users need a real Odoo's web client, which the emulator does not serve/,
    );
    assert.deepEqual(
      runFoldersSince(reportsBefore, (record) => record.profile.file.includes('smoke-browsers')),
      [],
    );
  });

  test('a capacity sweep with browser users against the emulator is refused the same way', async () => {
    const result = await odooLoad(['capacity', 'peak-day', '--profile', 'smoke-browsers']);
    assert.equal(result.code, EXIT.badInput, told(result));
    assert.match(result.stderr, /browserUsers: 2 browser users need a real Odoo's web client/);
    assert.doesNotMatch(result.stderr, /capacity emulator/, 'no sweep started');
  });

  test("real Chromium under k6 times a page's steps into results, the verdict, the report's chart, Grafana's panel and the gate", async () => {
    const runId = newRunId();
    const folder = RunFolder.create(runId);
    const influx = new LocalInflux({
      root: '.local/test/influxdb-browser',
      port: 0,
      log: () => undefined,
    });
    await influx.start();
    try {
      const { exit, shots, leftovers } = await runSelfTest(folder.dir, {
        stream: { target: `${influx.url}/odoo_load`, runId },
      });
      assert.equal(exit.code, 0, 'thresholds held: save p95 < 5 s, one step of seven failed');
      assert.deepEqual(leftovers, [], 'no Chromium process outlives k6');
      assert.deepEqual(
        readdirSync(shots),
        ['salesRep-1-1-confirm.png'],
        'the failed step, pictured',
      );
      // The dashboards' browser users panel (the one panel the emulator's runs cannot feed).
      const { queries, empty } = await panelsWithoutData(
        influx.url,
        { runId, hosting: 'browser-self-test' },
        (title) => title === UI_STEPS_PANEL_TITLE,
      );
      assert.equal(queries, 2, 'steps p95 and failed steps');
      assert.deepEqual(empty, []);
    } finally {
      await influx.stop();
    }

    const thresholds = {
      [selector(METRICS.uiStepDuration.name, { step: 'save' })]: ['p(95)<5000'],
      [METRICS.uiStepFailed.name]: ['rate<0.5'],
    };
    const results = await aggregateRun(folder.metricsFiles(), thresholds);
    folder.write('results', results);
    const saves = results.trends[METRICS.uiStepDuration.name]!.find(
      (row) => row.tags.step === 'save',
    )!;
    assert.equal(saves.summary.count, 5);
    assert.ok(saves.summary.p95 >= 200 && saves.summary.p95 < 5000, JSON.stringify(saves.summary));
    assert.ok(results.series.uiSteps?.save?.some((p95) => p95 !== null));
    const verdict = verdictOf(results, [], 0.05);
    assert.match(
      verdict.headline,
      /browser users' p95: login \d+\.\d s, save \d+\.\d s, 1 of 7 steps failed/,
    );

    // A run folder as a run leaves it, so the report and the gate read it as they read any run.
    const { profile } = loadLoadProfile('smoke-browsers');
    const { plan } = buildPlan({
      runId,
      scenario: 'peak-day',
      profile,
      target: { url: pageUrl, db: 'none', login: 'none', auth: 'session' },
      companies: [],
      operators: [],
      hosting: 'browser-self-test',
    });
    const journal = new RunJournal(folder, {
      runId,
      scenario: 'peak-day',
      startedAt: new Date().toISOString(),
      profile: { file: 'profiles/shapes/smoke-browsers.json', resolved: profile },
      target: { ...plan.target, kind: 'remote', serverVersion: 'self-test page' },
      k6: { version: 'self-test', source: 'project' },
      suite: { version: 'self-test' },
      instances: 1,
      plan: { ...plan, scenarios: [], options: { ...plan.options, scenarios: {}, thresholds } },
    });
    journal.end(EXIT.ok, verdict.headline);
    await writeReport(folder, () => undefined);
    const gate = await odooLoad(['gate', '--run', runId]);
    const xml = readFileSync(folder.path('junit'), 'utf8');
    const cases = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'testcase',
    }).parse(xml).testsuites.testsuite.testcase as Record<string, string>[];
    const ui = cases.filter((row) => row['@_classname'] === 'odoo-load.ui');
    assert.deepEqual(
      ui.map((row) => row['@_name']).sort(),
      [
        `browser users: ${METRICS.uiStepDuration.name} (save) p95 < 5.00 s`,
        `browser users: ${METRICS.uiStepFailed.name} rate < 50 %`,
      ].sort(),
      xml,
    );
    assert.equal(gate.code, EXIT.ok, told(gate));

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${resolve(folder.path('report'))}`);
      const points = await page.evaluate(() => {
        const charts = (
          globalThis as unknown as {
            __charts: { canvas: { id: string }; data: { datasets: { data: unknown[] }[] } }[];
          }
        ).__charts;
        const chart = charts.find((candidate) => candidate.canvas.id === 'ui-steps');
        return chart?.data.datasets.reduce((sum, dataset) => sum + dataset.data.length, 0) ?? 0;
      });
      assert.deepEqual(errors, []);
      assert.ok(points > 0, 'the UI steps chart has data');
    } finally {
      await browser.close();
    }
  });

  test('no Chromium outlives k6: stopped once, stopped twice, or its target gone silent', async () => {
    async function interruptOnce() {}
    async function interruptTwice() {}
    async function targetSilent() {
      hang = true;
    }
    try {
      for (const stop of [interruptOnce, interruptTwice, targetSilent]) {
        const folder = mkdtempSync(join(tmpdir(), `odoo-load-browser-${stop.name}-`));
        // The silent target's saves time out until the shift ends; the others are stopped.
        const shiftSeconds = stop === targetSilent ? 5 : 30;
        const { leftovers } = await runSelfTest(folder, { shiftSeconds, maxDuration: '10s', stop });
        assert.deepEqual(leftovers, [], `${stop.name}: no Chromium left`);
      }
    } finally {
      hang = false;
    }
  });
});
