/**
 * The desktop shell's report printing: each HTML document loaded from a private temporary file into a
 * hidden, offscreen window with JavaScript disabled, in a session of its own that refuses every
 * network request, and printed with webContents.printToPDF. The contents get their page numbers the
 * same way as everywhere else (shared/report-paging.ts).
 */
import { BrowserWindow, session } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportDocument } from '../../shared/requests/report.js';
import { PAGE, printWithContents, type PagedReport } from '../../shared/report-paging.js';
import { lockDownSession } from './lockdown.js';

const PARTITION = 'dlens-report-print';
const inches = (mm: number) => mm / 25.4;

export async function printReportPdf(doc: ReportDocument): Promise<PagedReport> {
  const ses = session.fromPartition(PARTITION);
  lockDownSession(ses);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-report-'));
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      offscreen: true,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
      session: ses,
    },
  });
  let n = 0;
  try {
    const print = async (html: string): Promise<Uint8Array> => {
      const file = path.join(dir, `part-${n++}.html`);
      fs.writeFileSync(file, html);
      await win.loadFile(file);
      return win.webContents.printToPDF({
        pageSize: { width: inches(PAGE.widthMm), height: inches(PAGE.heightMm) },
        margins: {
          top: inches(PAGE.margin.topMm),
          bottom: inches(PAGE.margin.bottomMm),
          left: inches(PAGE.margin.leftMm),
          right: inches(PAGE.margin.rightMm),
        },
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: doc.header,
        footerTemplate: doc.footer,
      });
    };
    return await printWithContents(doc, print);
  } finally {
    win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
