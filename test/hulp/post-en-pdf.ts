import { type ParsedMail, simpleParser } from 'mailparser';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SMTPServer } from 'smtp-server';
import { vrijePoort } from './poorten.js';

/** A real SMTP server on a free port that keeps what it receives, parsed. */
export async function startPostbus(): Promise<{
  url: string;
  post: ParsedMail[];
  stop(): Promise<void>;
}> {
  const post: ParsedMail[] = [];
  const poort = await vrijePoort();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stroom, _sessie, klaar) {
      simpleParser(stroom).then(
        (mail) => {
          post.push(mail);
          klaar();
        },
        (fout: Error) => klaar(fout),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(poort, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${poort}`,
    post,
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

export interface Tekstregel {
  tekst: string;
  /** Millimetres from the top of the A4 page. */
  mmVanBoven: number;
}

/** The first page's text as lines, as a reader sees them (pieces on one baseline joined). */
export async function pdfRegels(pdf: Uint8Array): Promise<Tekstregel[]> {
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const pagina = await document.getPage(1);
  const { items } = await pagina.getTextContent();
  const hoogte = pagina.view[3]!;
  const regels = new Map<number, string>();
  for (const item of items) {
    if (!('str' in item)) continue;
    const y = Math.round((item.transform as number[])[5]!);
    regels.set(y, (regels.get(y) ?? '') + item.str);
  }
  return [...regels]
    .sort(([a], [b]) => b - a)
    .filter(([, tekst]) => tekst.trim() !== '')
    .map(([y, tekst]) => ({ tekst: tekst.trim(), mmVanBoven: ((hoogte - y) / 72) * 25.4 }));
}

export async function pdfTekst(pdf: Uint8Array): Promise<string> {
  return (await pdfRegels(pdf)).map((r) => r.tekst).join('\n');
}
