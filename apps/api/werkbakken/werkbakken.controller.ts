import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { veldfoutenUitZod } from '../../../domain/veldfout.js';
import { type Actor, HuidigeActor, MELDINGROLLEN, Rollen } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { leesWerkvoorraadquery } from '../meldingen/werkvoorraadfilter.js';
import { STANDAARDWERKBAKKEN, WerkbakkenService } from './werkbakken.service.js';

const werkbakSchema = z.strictObject({
  naam: z
    .string({ error: 'naam is verplicht.' })
    .trim()
    .min(1, { error: 'naam is verplicht.' })
    .max(60, { error: 'naam is hoogstens 60 tekens.' }),
  filter: z
    .string({ error: 'filter is de zoekopdracht van de werkvoorraad, bijvoorbeeld status=OPEN.' })
    .max(1000, { error: 'filter is hoogstens 1000 tekens.' }),
});

@ApiTags('Werkbakken')
@ApiBearerAuth()
@Controller('werkbakken')
export class WerkbakkenController {
  constructor(@Inject(WerkbakkenService) private readonly werkbakken: WerkbakkenService) {}

  @Get()
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary: 'De werkbakken: de vaste en uw eigen opgeslagen filters, elk met het aantal meldingen',
    description:
      'filter is de zoekopdracht voor GET /v1/meldingen (alleen codes), bijvoorbeeld status=OPEN&matchtype=MEERVOUDIG.',
  })
  @ApiResponse({
    status: 200,
    description: '{ werkbakken: [{ id, naam, filter, aantal, eigen }] }',
  })
  async lijst(@HuidigeActor() actor: Actor) {
    return { werkbakken: await this.werkbakken.lijst(actor.id) };
  }

  @Post()
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({ summary: 'Een filter van de werkvoorraad bewaren als eigen werkbak' })
  @ApiBody({ schema: z.toJSONSchema(werkbakSchema) as object })
  @ApiResponse({ status: 201, description: 'De werkbak, met het aantal meldingen' })
  @ApiResponse({ status: 400, description: 'Naam of filter ongeldig' })
  @ApiResponse({ status: 409, description: 'U heeft al een werkbak met deze naam' })
  async bewaar(@Body() body: unknown, @HuidigeActor() actor: Actor) {
    const { naam, filter } = leesBody(werkbakSchema, body);
    const gelezen = leesWerkvoorraadquery(filter);
    if (!gelezen.success)
      throw Probleem.ongeldigeInvoer(
        veldfoutenUitZod(gelezen.error).map((f) => ({ ...f, veld: `filter.${f.veld}` })),
      );
    if (STANDAARDWERKBAKKEN.some((b) => b.naam.toLowerCase() === naam.toLowerCase()))
      throw new Probleem(409, 'Deze naam bestaat al.', `"${naam}" is een vaste werkbak.`);
    // Stored as given minus a leading "?": codes only, the same string the werkvoorraad's URL uses.
    return this.werkbakken.bewaar(actor.id, naam, filter.replace(/^\?/, ''));
  }

  @Delete(':id')
  @HttpCode(204)
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({ summary: 'Een eigen werkbak verwijderen' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Verwijderd' })
  @ApiResponse({ status: 404, description: 'Geen eigen werkbak met deze id' })
  async verwijder(@Param('id') id: string, @HuidigeActor() actor: Actor): Promise<void> {
    if (!(await this.werkbakken.verwijder(actor.id, id))) throw Probleem.nietGevonden('Werkbak');
  }
}
