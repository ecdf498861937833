/** Runs every integrity check for one run and writes reports/<run-id>/audit.json. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeOdooClient, type NodeTarget, OdooRpcFailure } from '../odoo/client.ts';
import { CliError, EXIT } from '../run/exit-codes.ts';
import { writeJson } from '../run/run-dir.ts';
import { ALL_CHECKS, type AuditInput, type CheckResult } from './checks.ts';

export interface AuditReport {
  runId: string;
  passed: boolean;
  checks: CheckResult[];
}

interface RunFile {
  runId: string;
  plan: { companies: number[]; workloads: AuditInput['workloads'] };
}

/** k6 summary-export values: counters have `count`, rates `passes`/`fails`. */
function countsFrom(summaryPath: string): Record<string, number | undefined> {
  if (!existsSync(summaryPath)) return {};
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as {
    metrics: Record<string, { count?: number }>;
  };
  return Object.fromEntries(
    Object.entries(summary.metrics).map(([name, values]) => [name, values.count]),
  );
}

export async function auditRun(
  runDir: string,
  target: NodeTarget,
  secret: string,
  print: (line: string) => void,
): Promise<AuditReport> {
  const runFile = join(runDir, 'run.json');
  if (!existsSync(runFile))
    throw new CliError(
      `${runDir}: no run.json; is this a run folder (reports/<run-id>)?`,
      EXIT.badInput,
    );
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as RunFile;
  const odoo = new NodeOdooClient(target, secret);
  await odoo.login();
  const input: AuditInput = {
    runId: run.runId,
    odoo,
    counts: countsFrom(join(runDir, 'summary.json')),
    workloads: run.plan.workloads,
    companyIds: run.plan.companies,
  };
  const checks: CheckResult[] = [];
  for (const check of ALL_CHECKS) {
    try {
      checks.push(await check(input));
    } catch (error) {
      if (!(error instanceof OdooRpcFailure)) throw error;
      // A target without the data a check needs cannot pass it; say why.
      checks.push({
        check: check.name.replace(/^check/, '').toLowerCase(),
        criterion: 'could not be read',
        verdict: 'fail',
        summary: `${error.faultName}: ${error.message}`,
        evidence: [],
      });
    }
  }
  for (const result of checks) {
    print(`${result.verdict.toUpperCase().padEnd(4)} ${result.check.padEnd(10)} ${result.summary}`);
    for (const line of result.evidence) print(`     ${line}`);
  }
  const report: AuditReport = {
    runId: run.runId,
    passed: checks.every((result) => result.verdict !== 'fail'),
    checks,
  };
  writeJson(runDir, 'audit.json', report);
  return report;
}
