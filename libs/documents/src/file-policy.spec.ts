import { judgeFile } from './file-policy.js';

describe('which files the record accepts', () => {
  it.each([
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
    ['jpg', 'image/jpeg'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['mp4', 'video/mp4'],
  ])('accepts %s as its sniffed type', (ext, mime) => {
    expect(judgeFile(Buffer.alloc(0), { ext, mime })).toEqual({ ok: true, contentType: mime });
  });

  it.each([
    ['exe', 'a Windows executable'],
    ['elf', 'a Linux executable'],
    ['zip', 'a ZIP archive'],
    ['cfb', 'an OLE compound file (legacy Office, MSI or Outlook: save it as PDF, DOCX or XLSX)'],
    ['docm', 'a macro-enabled Word document'],
    ['wasm', 'WebAssembly code'],
  ])('refuses %s, saying what it is', (ext, found) => {
    expect(judgeFile(Buffer.alloc(0), { ext, mime: 'application/x-whatever' })).toEqual({ ok: false, found });
  });

  it('refuses any detected kind it does not know, naming its type', () => {
    expect(judgeFile(Buffer.alloc(0), { ext: 'blend', mime: 'application/x-blender' })).toEqual({
      ok: false,
      found: 'application/x-blender (.blend)',
    });
  });

  it('takes UTF-8 text, a character cut at the end of the sniffed head included, and a BOM', () => {
    const text = Buffer.from('\uFEFFInforme — año 2026\r\n\tSin novedades. ñ');
    expect(judgeFile(text, undefined)).toEqual({ ok: true, contentType: 'text/plain; charset=utf-8' });
    expect(judgeFile(text.subarray(0, text.length - 1), undefined).ok).toBe(true);
  });

  it.each([
    ['a script', '#!/usr/bin/env python\nprint(1)', 'a script (#!)'],
    ['HTML', '<!doctype html><p>hi', 'markup that can carry scripts (HTML, SVG or XML)'],
    ['an SVG', '<svg onload="x()">', 'markup that can carry scripts (HTML, SVG or XML)'],
    ['XML', '<?xml version="1.0"?><a/>', 'markup that can carry scripts (HTML, SVG or XML)'],
    ['a script tag in text', 'notes\n<script>alert(1)</script>', 'markup that can carry scripts (HTML, SVG or XML)'],
  ])('refuses %s written as text', (_, content, found) => {
    expect(judgeFile(Buffer.from(content), undefined)).toEqual({ ok: false, found });
  });

  it.each([
    ['Latin-1 bytes', Buffer.from([0x61, 0xf1, 0x61, 0x20, 0x62])],
    ['a NUL', Buffer.from('ab\u0000cd')],
    ['an escape character', Buffer.from('ab\u001bcd')],
  ])('refuses %s as binary of no known kind', (_, data) => {
    expect(judgeFile(data, undefined)).toEqual({ ok: false, found: 'binary data of an unknown kind' });
  });
});
