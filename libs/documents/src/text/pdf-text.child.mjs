// Reads a PDF on stdin and writes its text on stdout, page after page, up to MAX_CHARS characters (the first
// argument). It runs in a process of its own (see attachment-text.ts): a hostile or broken file can only make this
// process fail, run out of its memory or be killed at its deadline, never the worker. Exit 0 means the text is
// complete (or cut at the cap); anything else means the file could not be read.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const maxChars = Number(process.argv[2] ?? 300000);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));

const doc = await getDocument({
  data,
  useSystemFonts: false,
  isEvalSupported: false,
  disableFontFace: true,
  verbosity: 0,
}).promise;
let written = 0;
for (let i = 1; i <= doc.numPages && written < maxChars; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
  const page = text.slice(0, maxChars - written) + '\n';
  written += page.length;
  if (!process.stdout.write(page)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}
await doc.destroy();
