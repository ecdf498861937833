/**
 * A distributor's whole peak from one generator: a peak-day of N people (mostly warehouse operators
 * scanning at human pace, reps and accountants thinking between form actions) against the emulator,
 * which is given room enough (many workers) not to be the bottleneck. Prints the generator's peak
 * memory and CPU per person, k6's dropped iterations, and which side ran short.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { K6_METRICS } from '../contract/index.ts';
import type { RunResults } from '../judge/results/types.ts';
import { freePort, run } from '../services/process.ts';
import { RunFolder } from '../store/run-folder.ts';

/** People by role for a peak of `people`: half operators, the rest reps, accountants, integrations. */
export function peopleProfile(people: number, seconds: number) {
  const operators = Math.min(1000, Math.round(people * 0.5));
  const integrationUsers = Math.min(100, Math.max(1, Math.round(people * 0.02)));
  const accountants = Math.min(1000, Math.round(people * 0.08));
  const salesReps = Math.min(1000, people - operators - integrationUsers - accountants);
  return {
    kind: 'load',
    name: `bench-${people}-people`,
    description: `${people} people at work: operators scanning every few seconds, reps and accountants thinking 20–60 s between form actions.`,
    duration: `${seconds}s`,
    companies: 1,
    people: {
      integrationUsers,
      salesReps,
      accountants,
      loginConcurrency: 20,
      thinkSeconds: { min: 20, max: 60 },
    },
    workloads: {
      orderConfirmation: {
        ordersPerHour: salesReps * 2 + 600,
        linesPerOrder: { min: 2, max: 4 },
        invoiceShare: 0,
        channels: { api: 0.3, web: 0.7 },
      },
      barcodeScanning: {
        operators,
        scansPerMinute: 6,
        pickingsPerOperator: 2,
        linesPerPicking: { min: 2, max: 3 },
      },
      monthEndClose: {
        postingsPerMinute: Math.max(1, Math.round(accountants / 4)),
        reportsPerMinute: 1,
        channels: { api: 0.5, web: 0.5 },
      },
    },
    slo: {
      orderConfirmP95Ms: 10_000,
      scanP95Ms: 5000,
      postingP95Ms: 10_000,
      webActionP95Ms: 30_000,
      maxErrorRate: 0.05,
    },
  };
}

export async function peakDayPeople(people: number, seconds: number): Promise<void> {
  const profile = resolve('.local', 'bench', 'generator', `people-${people}.json`);
  mkdirSync(resolve('.local', 'bench', 'generator'), { recursive: true });
  const shape = peopleProfile(people, seconds);
  writeFileSync(profile, JSON.stringify(shape, null, 2));
  const started = Date.now();
  const result = await run(
    process.execPath,
    [
      'cli/bin.mjs',
      'run',
      'peak-day',
      '--profile',
      profile,
      '--workers',
      '16',
      '--pg-port',
      String(await freePort()),
    ],
    { env: { ...process.env, ODOO_URL: '' } },
  );
  const runId = /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(result.stderr)?.[1];
  if (!runId) throw new Error(`the ${people}-person peak-day did not run:\n${result.stderr}`);
  const folder = RunFolder.open(runId);
  const record = folder.run()!;
  const results = folder.read<RunResults>('results')!;
  const generator = record.ending?.generators?.[0];
  const dropped = results.metrics[K6_METRICS.droppedIterations]?.count ?? 0;
  const vus = results.metrics[K6_METRICS.vus]?.max ?? 0;
  const cores = availableParallelism();
  const cpuShare = generator ? generator.meanCores / cores : Number.NaN;
  const runSeconds = generator ? generator.cpuSeconds / Math.max(0.01, generator.meanCores) : 1;
  console.log(`\nA ${people}-person peak-day against the emulator (16 workers), ${seconds} s:`);
  console.log(`  run ${runId}: ${result.stderr.trim().split('\n').at(-1)}`);
  console.log(
    `  people: ${shape.workloads.barcodeScanning.operators} operators, ${shape.people.salesReps} reps, ${shape.people.accountants} accountants, ${shape.people.integrationUsers} integrations; k6 ran ${vus} VUs at most`,
  );
  if (generator)
    console.log(
      `  generator: peak ${generator.peakRssMiB.toFixed(0)} MiB (${((generator.peakRssMiB * 1024) / people).toFixed(0)} KiB per person), ${generator.cpuSeconds.toFixed(0)} CPU s (${((generator.cpuSeconds * 1000) / people / runSeconds).toFixed(2)} ms of CPU per person per second; ${generator.meanCores.toFixed(2)} of ${cores} cores on average, ${generator.peakCores.toFixed(2)} at peak)`,
    );
  console.log(
    `  dropped iterations: ${dropped}; bottleneck: ${dropped > 0 || cpuShare > 0.8 ? 'the generator (k6 dropped work or used most of the cores)' : 'not the generator (nothing dropped, cores to spare)'}; wall ${Math.round((Date.now() - started) / 1000)} s`,
  );
}
