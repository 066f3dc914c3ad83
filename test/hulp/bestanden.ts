import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Antwoord } from './stack.js';

/** An .xlsx workbook in memory with the given header and rows, as a creditor's Excel would save it. */
export async function xlsx(koppen: string[], rijen: unknown[][]): Promise<Buffer> {
  const werkmap = new ExcelJS.Workbook();
  const blad = werkmap.addWorksheet('Signalen');
  blad.addRow(koppen);
  for (const rij of rijen) blad.addRow(rij);
  return Buffer.from(await werkmap.xlsx.writeBuffer());
}

/** A CSV as Excel's "CSV (puntkomma gescheiden)" writes it: Windows-1252, CRLF. */
export function csvWindows1252(regels: string[][], scheiding = ';'): Buffer {
  return iconv.encode(regels.map((r) => r.join(scheiding)).join('\r\n') + '\r\n', 'win1252');
}

export async function upload<T = Record<string, unknown>>(
  url: string,
  apiSleutel: string,
  bestandsnaam: string,
  inhoud: Buffer,
): Promise<Antwoord<T>> {
  const formulier = new FormData();
  formulier.append('bestand', new Blob([new Uint8Array(inhoud)]), bestandsnaam);
  const antwoord = await fetch(url, {
    method: 'POST',
    headers: { 'x-api-key': apiSleutel },
    body: formulier,
  });
  const tekst = await antwoord.text();
  return {
    status: antwoord.status,
    headers: antwoord.headers,
    body: (tekst ? JSON.parse(tekst) : undefined) as T,
  };
}

export async function download(
  url: string,
  apiSleutel: string,
): Promise<{ status: number; type: string | null; inhoud: Buffer }> {
  const antwoord = await fetch(url, { headers: { 'x-api-key': apiSleutel } });
  return {
    status: antwoord.status,
    type: antwoord.headers.get('content-type'),
    inhoud: Buffer.from(await antwoord.arrayBuffer()),
  };
}

/** The first sheet's cell values, row by row, as a person opening the file would read them. */
export async function eersteBlad(inhoud: Buffer): Promise<unknown[][]> {
  const werkmap = new ExcelJS.Workbook();
  await werkmap.xlsx.load(inhoud as unknown as ArrayBuffer);
  const rijen: unknown[][] = [];
  werkmap.worksheets[0]!.eachRow({ includeEmpty: false }, (rij) => {
    const waarden = (rij.values as unknown[]).slice(1);
    rijen.push(
      Array.from({ length: werkmap.worksheets[0]!.columnCount }, (_, i) => waarden[i] ?? null),
    );
  });
  return rijen;
}
