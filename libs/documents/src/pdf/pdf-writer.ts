import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** DejaVu Sans: every letter of Spanish and English (and of most names a request may hold), embedded as a subset. */
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};

const MARGIN = 56;
const BANNER = 22;
const INK = '#1f2933';
const MUTED = '#52606d';
const RULE = '#cbd2d9';

export interface PdfOptions {
  title: string;
  /** The marking shown at the top and bottom of every page (e.g. UNCLASSIFIED//LES). */
  marking: string | null;
  /** Lines of the footer of every page; the page number is added to the last. */
  footer: string[];
  pageLabel: (page: number, of: number) => string;
  language: 'en' | 'es';
}

/**
 * A small layout layer over pdfkit for the official documents: headings, label–value rows, paragraphs and
 * simple tables, real text (searchable, copyable) in an embedded font, the marking at the top and bottom of
 * every page and a footer with the page number. Pages are buffered so the footer can say "page N of M".
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;

  constructor(private readonly opts: PdfOptions) {
    this.doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: MARGIN + BANNER, bottom: MARGIN + BANNER + 14 * opts.footer.length, left: MARGIN, right: MARGIN },
      bufferPages: true,
      info: { Title: opts.title, Author: 'SRE-SSAN — Ventanilla', Creator: 'Ventanilla' },
      lang: opts.language === 'es' ? 'es-MX' : 'en-US',
      pdfVersion: '1.7',
      displayTitle: true,
    });
    this.doc.registerFont('regular', FONTS.regular);
    this.doc.registerFont('bold', FONTS.bold);
    this.doc.registerFont('mono', FONTS.mono);
    this.doc.font('regular').fontSize(10).fillColor(INK);
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  heading(text: string, size = 13): this {
    this.ensureRoom(40);
    this.doc.moveDown(0.6).font('bold').fontSize(size).fillColor(INK).text(text, { width: this.width });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(this.doc.page.margins.left, y)
      .lineTo(this.doc.page.margins.left + this.width, y)
      .strokeColor(RULE)
      .lineWidth(0.5)
      .stroke();
    this.doc.moveDown(0.4).font('regular').fontSize(10);
    return this;
  }

  title(text: string, subtitle?: string): this {
    this.doc.font('bold').fontSize(17).fillColor(INK).text(text, { width: this.width });
    if (subtitle) this.doc.font('regular').fontSize(10).fillColor(MUTED).text(subtitle, { width: this.width });
    this.doc.fillColor(INK).font('regular').fontSize(10).moveDown(0.5);
    return this;
  }

  /** Label: value rows, the labels in a column of their own. */
  fields(rows: Array<[string, string | null | undefined]>, none = '—'): this {
    const labelWidth = 150;
    for (const [label, value] of rows) {
      this.ensureRoom(16);
      const y = this.doc.y;
      const x = this.doc.page.margins.left;
      this.doc
        .font('bold')
        .fontSize(9)
        .fillColor(MUTED)
        .text(label, x, y, { width: labelWidth - 8 });
      const afterLabel = this.doc.y;
      this.doc
        .font('regular')
        .fontSize(10)
        .fillColor(INK)
        .text(value && value.trim() !== '' ? value : none, x + labelWidth, y, { width: this.width - labelWidth });
      this.doc.x = x;
      this.doc.y = Math.max(this.doc.y, afterLabel) + 3;
    }
    return this;
  }

  paragraph(text: string, opts: { muted?: boolean; bold?: boolean; size?: number } = {}): this {
    this.ensureRoom(16);
    this.doc
      .font(opts.bold ? 'bold' : 'regular')
      .fontSize(opts.size ?? 10)
      .fillColor(opts.muted ? MUTED : INK)
      .text(text, this.doc.page.margins.left, this.doc.y, { width: this.width, align: 'left' });
    this.doc.fillColor(INK).font('regular').fontSize(10).moveDown(0.4);
    return this;
  }

  /** A table with a header row; long cells wrap, rows never split across pages. */
  table(columns: Array<{ header: string; width: number; mono?: boolean }>, rows: string[][]): this {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    // A hash is set small in a fixed-width face so that it stays on one line, whole, as it is compared.
    const face = (i: number, header: boolean) => {
      if (header) return this.doc.font('bold').fontSize(8.5);
      return columns[i].mono ? this.doc.font('mono').fontSize(6.6) : this.doc.font('regular').fontSize(8.5);
    };
    const drawRow = (cells: string[], bold: boolean) => {
      const heights = cells.map((cell, i) => face(i, bold).heightOfString(cell, { width: widths[i] - 6 }));
      const height = Math.max(...heights, 10) + 6;
      this.ensureRoom(height);
      const y = this.doc.y;
      let x = this.doc.page.margins.left;
      cells.forEach((cell, i) => {
        face(i, bold)
          .fillColor(bold ? MUTED : INK)
          .text(cell, x + 3, y + 3, { width: widths[i] - 6 });
        x += widths[i];
      });
      this.doc
        .moveTo(this.doc.page.margins.left, y + height)
        .lineTo(this.doc.page.margins.left + this.width, y + height)
        .strokeColor(RULE)
        .lineWidth(0.5)
        .stroke();
      this.doc.x = this.doc.page.margins.left;
      this.doc.y = y + height;
    };
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    for (const row of rows) drawRow(row, false);
    this.doc.fillColor(INK).font('regular').fontSize(10).moveDown(0.5);
    return this;
  }

  private ensureRoom(height: number): void {
    const bottom = this.doc.page.height - this.doc.page.margins.bottom;
    if (this.doc.y + height > bottom) this.doc.addPage();
  }

  /** Marks every page (top and bottom) and writes the footers; then the document can only be read. */
  finish(): Readable {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const { width, height } = this.doc.page;
      // Drawn inside the margins pdfkit would otherwise keep text out of.
      const margins = this.doc.page.margins;
      this.doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      if (this.opts.marking) {
        for (const y of [MARGIN / 2, height - MARGIN / 2 - 10]) {
          this.doc
            .font('bold')
            .fontSize(9)
            .fillColor('#7b1e3a')
            .text(this.opts.marking, 0, y, { width, align: 'center' });
        }
      }
      const lines = [...this.opts.footer];
      lines[lines.length - 1] =
        `${lines[lines.length - 1]}   ·   ${this.opts.pageLabel(i - range.start + 1, range.count)}`;
      let y = height - MARGIN - 14 * lines.length;
      for (const line of lines) {
        this.doc
          .font('regular')
          .fontSize(7.5)
          .fillColor(MUTED)
          .text(line, MARGIN, y, {
            width: width - 2 * MARGIN,
            align: 'left',
            lineBreak: false,
          });
        y += 12;
      }
      this.doc.page.margins = margins;
    }
    this.doc.end();
    return this.doc as unknown as Readable;
  }
}
