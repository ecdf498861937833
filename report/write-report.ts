/** Builds reports/<run-id>/report.html from what the run folder holds, however the run ended. */
import type { ServerLogSummary } from '../judge/server-log.ts';
import type { RunFolder } from '../store/run-folder.ts';
import { renderPage } from './html.ts';
import { runPage } from './model.ts';
import { serverTimeHtml } from './server-time.ts';

export async function writeReport(folder: RunFolder, log: (line: string) => void): Promise<string> {
  const page = runPage(folder);
  const file = folder.write(
    'report',
    renderPage({
      ...page,
      runs: [page.data],
      extra: { html: serverTimeHtml(folder.read<ServerLogSummary>('serverLog')), charts: [] },
    }),
  );
  log(`report: ${file}`);
  return file;
}
