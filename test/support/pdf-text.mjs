// Prints the text of a PDF, page by page, as JSON: `node pdf-text.mjs <file>`. Run outside Jest because
// pdfjs-dist ships ESM only; the tests read what a copy-and-paste or a search would find.
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
}
const info = (await doc.getMetadata()).info;
process.stdout.write(JSON.stringify({ pages, title: info?.Title ?? null, language: info?.Language ?? null }));
