/** Runs every integrity check for one run and writes its audit.json. */

import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { NodeOdooClient, type NodeTarget, OdooRpcFailure } from '../../node-odoo/client.ts';
import type { RunFolder } from '../../store/run-folder.ts';
import type { RunResults } from '../results/types.ts';
import { ALL_CHECKS, type AuditInput, type AuditReport, type CheckResult } from './checks.ts';

const LABELS = { pass: 'PASS', fail: 'FAIL', not_applicable: 'N/A ' } as const;

export async function auditRun(
  folder: RunFolder,
  target: NodeTarget,
  secret: string,
  print: (line: string) => void,
  /** The run was stopped by the user (Ctrl-C): what k6 had in flight has no outcome. */
  interrupted = false,
): Promise<AuditReport> {
  const run = folder.run();
  if (!run) throw new CliError(`${folder.dir}: no readable run.json`, EXIT.badInput);
  const odoo = new NodeOdooClient(target, secret);
  await odoo.login();
  const input: AuditInput = {
    runId: run.runId,
    odoo,
    results: folder.read<RunResults>('results'),
    plan: run.plan,
    companyIds: run.plan.companies,
    ...(run.baseline ? { baseline: run.baseline } : {}),
    // Audited later (odoo-load audit), run.json says how the run ended.
    interrupted: interrupted || run.ending?.exitCode === EXIT.interrupted,
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
    print(`${LABELS[result.verdict]} ${result.check.padEnd(10)} ${result.summary}`);
    for (const line of result.evidence) print(`     ${line}`);
  }
  const report: AuditReport = {
    runId: run.runId,
    passed: checks.every((result) => result.verdict !== 'fail'),
    checks,
  };
  folder.write('audit', report);
  return report;
}
