import { Inject, Injectable } from '@nestjs/common';
import { PDFDocument } from 'pdf-lib';
import { nederlandseDatum } from '../../../domain/tijd.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { DATABASE } from '../../shared/database.module.js';

// Letters are fetched this many at a time, so a day of thousands of letters
// never holds every stored PDF in memory next to the merged one.
const BRIEVEN_PER_DEEL = 100;

export interface Printbatch {
  pdf: Uint8Array;
  /** The letters in the batch, in print order. */
  correspondentieIds: string[];
}

/** The letters of the outreach sequence as the print room receives them. */
@Injectable()
export class CorrespondentieService {
  constructor(@Inject(DATABASE) private readonly db: ScopedDatabase) {}

  /**
   * All letters of the caller's gemeente made on the Dutch calendar day
   * `datum` (JJJJ-MM-DD), merged into one PDF in a stable print order; null
   * when there is none. Letters whose PDF was deleted with the retention
   * period are left out.
   */
  async printbatch(datum: string): Promise<Printbatch | null> {
    const { van, tot } = nederlandseDag(datum);
    const volgorde = await this.db.correspondentie.findMany({
      where: {
        kanaal: 'BRIEF',
        status: 'VERZONDEN',
        verzondenOp: { gte: van, lt: tot },
        pdf: { not: null },
      },
      orderBy: [{ verzondenOp: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    if (volgorde.length === 0) return null;

    const batch = await PDFDocument.create();
    batch.setTitle(`Printbatch ${datum}`);
    batch.setCreator('Vroegsignaal');
    const opgenomen: string[] = [];
    for (let i = 0; i < volgorde.length; i += BRIEVEN_PER_DEEL) {
      const ids = volgorde.slice(i, i + BRIEVEN_PER_DEEL).map((b) => b.id);
      const deel = await this.db.correspondentie.findMany({
        where: { id: { in: ids }, pdf: { not: null } },
        select: { id: true, pdf: true },
      });
      const perId = new Map(deel.map((b) => [b.id, b.pdf]));
      for (const id of ids) {
        // Gone since the first query: its retention period ended meanwhile.
        const pdf = perId.get(id);
        if (!pdf) continue;
        const brief = await PDFDocument.load(pdf, { updateMetadata: false });
        const paginas = await batch.copyPages(brief, brief.getPageIndices());
        for (const pagina of paginas) batch.addPage(pagina);
        opgenomen.push(id);
      }
    }
    if (opgenomen.length === 0) return null;
    return { pdf: await batch.save(), correspondentieIds: opgenomen };
  }
}

/**
 * The instants a Dutch calendar day runs from and to. Midnight in
 * Europe/Amsterdam is 22:00 or 23:00 UTC the day before; clocks change at
 * 01:00 UTC, never around midnight, so one of the two is the day's start.
 */
export function nederlandseDag(datum: string): { van: Date; tot: Date } {
  const begin = (d: string): Date => {
    const middernachtUtc = Date.parse(`${d}T00:00:00Z`);
    const zomer = new Date(middernachtUtc - 2 * 3_600_000);
    return nederlandseDatum(zomer) === d ? zomer : new Date(middernachtUtc - 3_600_000);
  };
  const volgende = new Date(Date.parse(`${datum}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  return { van: begin(datum), tot: begin(volgende) };
}
