import { Controller, Get, Inject, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import {
  type Actor,
  HuidigeActor,
  Rollen,
  type VerzoekMetActor,
  MELDINGROLLEN,
} from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { CorrespondentieService } from './correspondentie.service.js';

// One audit insert stays well below PostgreSQL's 65,535 bind parameters.
const AUDITREGELS_PER_INSERT = 1000;

const printbatchSchema = z.strictObject({
  // z.iso.date also refuses days that do not exist, such as 2026-02-30.
  datum: z.iso.date({
    error: (issue) =>
      issue.input === undefined
        ? 'datum is verplicht: de dag waarop de brieven zijn gemaakt (JJJJ-MM-DD).'
        : 'datum is een bestaande dag in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-11-27.',
  }),
});

@ApiTags('Correspondentie')
@ApiBearerAuth()
@Controller('correspondentie')
export class CorrespondentieController {
  constructor(
    @Inject(CorrespondentieService) private readonly correspondentie: CorrespondentieService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get('printbatch')
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary: 'Alle brieven van uw gemeente van één dag als één PDF, voor de drukkerij',
    description:
      'De dag is de Nederlandse kalenderdag waarop de brief is gemaakt. De brieven staan in vaste volgorde (tijdstip, dan id); brieven waarvan de PDF na de bewaartermijn is verwijderd, ontbreken. X-Aantal-Brieven noemt het aantal brieven. Het downloaden wordt per brief gelogd.',
  })
  @ApiQuery({ name: 'datum', required: true, description: 'JJJJ-MM-DD', example: '2026-11-27' })
  @ApiProduces('application/pdf')
  @ApiResponse({
    status: 200,
    description: 'De brieven samengevoegd (PDF)',
    headers: { 'X-Aantal-Brieven': { description: 'Aantal brieven in de PDF' } },
  })
  @ApiResponse({ status: 400, description: 'datum ontbreekt of is geen bestaande dag' })
  @ApiResponse({ status: 403, description: 'Alleen voor medewerkers van een gemeente' })
  @ApiResponse({ status: 404, description: 'Geen brieven op die dag' })
  async printbatch(
    @Query() query: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { datum } = leesBody(printbatchSchema, query);
    const batch = await this.correspondentie.printbatch(datum);
    if (!batch) {
      await this.audit.leg(actor, verzoek, {
        actie: 'printbatch_lezen',
        objectType: 'Printbatch',
        objectId: datum,
        resultaat: 'niet_gevonden',
      });
      throw new Probleem(
        404,
        'Geen brieven gevonden.',
        `Geen brieven op ${datum}. Die dag zijn voor uw gemeente geen brieven gemaakt, of hun PDF is na de bewaartermijn verwijderd.`,
      );
    }
    // The batch as a whole, then every letter in it: who printed which letter
    // stays traceable, and the number of letters is the number of rows.
    await this.audit.leg(actor, verzoek, {
      actie: 'printbatch_lezen',
      objectType: 'Printbatch',
      objectId: datum,
      resultaat: 'gelukt',
    });
    for (let i = 0; i < batch.correspondentieIds.length; i += AUDITREGELS_PER_INSERT) {
      await this.audit.legMeerdere(
        actor,
        verzoek,
        batch.correspondentieIds.slice(i, i + AUDITREGELS_PER_INSERT).map((id) => ({
          actie: 'printbatch_lezen',
          objectType: 'Correspondentie',
          objectId: id,
          resultaat: 'gelukt' as const,
        })),
      );
    }
    response.setHeader('X-Aantal-Brieven', String(batch.correspondentieIds.length));
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(
      Buffer.from(batch.pdf.buffer, batch.pdf.byteOffset, batch.pdf.length),
      {
        type: 'application/pdf',
        disposition: `attachment; filename="printbatch-${datum}.pdf"`,
        length: batch.pdf.length,
      },
    );
  }
}
