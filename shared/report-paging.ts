/**
 * Printing the report with page numbers in its table of contents, the same way for every printer
 * (the desktop shell's webContents.printToPDF, Electron driven by `dlens report`, a system Chromium
 * through playwright-core).
 *
 * How the contents get their page numbers: every part of the report (the cover, the contents and
 * each section) starts on a new page (a forced break before it, the first page of a part styled like
 * any other: no :first, :left or :right page rules, no counters carried across parts). Chromium
 * therefore paginates a part exactly as it paginates that part inside the whole document: the same
 * content laid out from the top of the same printable area. So each part is printed on its own first,
 * its pages counted, and the page a section starts on is one plus the pages of every part before it.
 * The contents are printed at that stage with placeholder numbers as wide as real ones, so filling
 * them in cannot move anything. The whole document is then printed once with the numbers filled in,
 * and its page count is checked against the sum of the parts. Exact, unlike laying the document out
 * on screen with print media emulated and dividing heights by the page height, which misses where
 * Chromium's fragmentation moves unbreakable rows and repeated table headers to the next page. The
 * report tests check every number against the page pdftotext finds the heading on.
 *
 * Pure code (no Node APIs): the shell and the CLI both use it.
 */
import type { ReportDocument } from './requests/report.js';

/** A4 with margins wide enough for Chromium's header and footer templates. */
export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  margin: { topMm: 20, bottomMm: 18, leftMm: 16, rightMm: 16 },
} as const;

/** The contents' page-number slot of a section: `<span class="pg" data-toc="ID"></span>`. */
const TOC_SLOT = /<span class="pg" data-toc="([a-z-]+)">[^<]*<\/span>/g;

/** Placeholder printed while parts are counted: as wide as any real page number. */
export const TOC_PLACEHOLDER = '888';

/** The report HTML with the contents' page numbers filled in (unknown sections get the placeholder). */
export function withTocPages(html: string, pages: Readonly<Record<string, number>>): string {
  return html.replace(TOC_SLOT, (_all, id: string) => {
    const n = pages[id];
    return `<span class="pg" data-toc="${id}">${n === undefined ? TOC_PLACEHOLDER : String(n)}</span>`;
  });
}

/**
 * Pages in a PDF as Chromium (Skia) writes it: page objects are plain dictionaries (no object
 * streams), each `/Type /Page`; the page-tree nodes are `/Type /Pages`.
 */
export function pdfPageCount(pdf: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(pdf);
  let n = 0;
  for (const _ of text.matchAll(/\/Type\s*\/Page(?![A-Za-z])/g)) n++;
  return n;
}

export interface PagedReport {
  pdf: Uint8Array;
  /** First page of each part, by part id. */
  starts: Record<string, number>;
  pages: number;
  /** Set when the whole document did not paginate as its parts did (the contents may be off). */
  warning: string | null;
}

/** Print the report with its contents numbered (see the top of this file); `print` turns one HTML document into a PDF. */
export async function printWithContents(
  doc: ReportDocument,
  print: (html: string) => Promise<Uint8Array>,
): Promise<PagedReport> {
  if (doc.parts.length === 0) throw new Error('the report was built without its parts; ask for them to print it');
  const starts: Record<string, number> = {};
  let next = 1;
  for (const part of doc.parts) {
    starts[part.id] = next;
    next += pdfPageCount(await print(part.html));
  }
  const pdf = await print(withTocPages(doc.html, starts));
  const pages = pdfPageCount(pdf);
  const expected = next - 1;
  return {
    pdf,
    starts,
    pages,
    warning:
      pages === expected
        ? null
        : `the report printed on ${pages} pages where its parts took ${expected}: the contents' page numbers may be off`,
  };
}
