/**
 * Printing the case report to PDF with a Chromium found on this machine (DLENS_CHROMIUM, then
 * /usr/bin/chromium), driven by playwright-core: never a download. The page is loaded with
 * JavaScript disabled and every request refused (the report fetches nothing; this makes sure), each
 * part printed to count its pages, then the whole with its contents numbered (shared/report-paging.ts).
 */
import fs from 'node:fs';
import type { ReportDocument } from '../../shared/requests/report.js';
import { PAGE, printWithContents, type PagedReport } from '../../shared/report-paging.js';

/** Flags for a headless Chromium that may run as root on a machine with no network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class NoChromiumError extends Error {}

/** The Chromium to print with, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.DLENS_CHROMIUM, '/usr/bin/chromium'].filter((p): p is string => !!p);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

const mm = (n: number) => `${n}mm`;

export interface Printer {
  /** One HTML document to PDF (A4, the report's margins, running header and footer). */
  print(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A headless Chromium page that prints with the report's header and footer templates. */
export async function openPrinter(
  templates: Pick<ReportDocument, 'header' | 'footer'>,
  executablePath = findChromium(),
): Promise<Printer> {
  if (!executablePath)
    throw new NoChromiumError(
      'no Chromium to print with: set DLENS_CHROMIUM or install chromium (/usr/bin/chromium); --html writes the report without one',
    );
  // Loaded only when printing: playwright-core takes about 0.4 s to load, which every other command
  // would otherwise pay at start-up.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    return {
      async print(html) {
        await page.setContent(html, { waitUntil: 'load' });
        return page.pdf({
          width: mm(PAGE.widthMm),
          height: mm(PAGE.heightMm),
          margin: {
            top: mm(PAGE.margin.topMm),
            bottom: mm(PAGE.margin.bottomMm),
            left: mm(PAGE.margin.leftMm),
            right: mm(PAGE.margin.rightMm),
          },
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: templates.header,
          footerTemplate: templates.footer,
        });
      },
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** The report printed with its contents numbered (shared/report-paging.ts). */
export async function printReport(doc: ReportDocument, executablePath = findChromium()): Promise<PagedReport> {
  const printer = await openPrinter(doc, executablePath);
  try {
    return await printWithContents(doc, (html) => printer.print(html));
  } finally {
    await printer.close();
  }
}
