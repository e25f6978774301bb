// A one-page invoice PDF written directly as PDF syntax (PDF 1.4, one Helvetica font),
// with the cross-reference table computed from byte offsets.

/** Builds a valid single-page PDF that shows `lines` of text top to bottom. */
export function renderPdf(title: string, lines: readonly string[]): Buffer {
  const content = pageContent(title, lines);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });

  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pageContent(title: string, lines: readonly string[]): string {
  const parts = [
    'BT',
    '/F2 20 Tf',
    '72 720 Td',
    `(${escapeText(title)}) Tj`,
    '/F1 11 Tf',
    '0 -32 Td',
  ];
  for (const line of lines) parts.push(`(${escapeText(line)}) Tj`, '0 -16 Td');
  parts.push('ET');
  return parts.join('\n');
}

/** Escapes PDF string delimiters and replaces characters outside Latin-1 with '?'. */
function escapeText(text: string): string {
  return text.replace(/[^\x20-\xff]/g, '?').replace(/[\\()]/g, (character) => `\\${character}`);
}
