import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { nederlandseDatum } from '../../../domain/tijd.js';
import { MELDINGROLLEN, Rollen } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { OverzichtService } from './overzicht.service.js';

const overzichtSchema = z.strictObject({
  maand: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
      error: 'maand is een maand (JJJJ-MM), bijvoorbeeld 2026-11.',
    })
    .optional(),
});

@ApiTags('Overzicht')
@ApiBearerAuth()
@Controller('overzicht')
export class OverzichtController {
  constructor(@Inject(OverzichtService) private readonly overzicht: OverzichtService) {}

  @Get()
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary: 'Signalen en meldingen van een maand per wijk en kern, met de trend over 12 maanden',
    description:
      'Signalen tellen op hun signaaldatum, meldingen op de dag dat ze geopend zijn (Nederlandse tijd). ' +
      'Een melding hoort bij de wijk en kern van haar eerste signaal. Alleen aantallen.',
  })
  @ApiQuery({
    name: 'maand',
    required: false,
    description: 'JJJJ-MM; standaard de huidige maand',
    example: '2026-11',
  })
  @ApiResponse({ status: 200, description: '{ maand, perWijk, perKern, totaal, trend }' })
  async cijfers(@Query() query: unknown) {
    const { maand = nederlandseDatum(new Date()).slice(0, 7) } = leesBody(overzichtSchema, query);
    return this.overzicht.cijfers(maand);
  }
}
