import {
  Body,
  Controller,
  Delete,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../shared/config.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { DATABASE } from '../../shared/database.module.js';
import { isVersleuteld, OntsleutelFout, VersleutelCodec } from '../../shared/payloadcodec.js';
import { CONFIG } from '../../shared/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { CODEC_COOKIE, CODEC_PAD } from './temporal-codec.middleware.js';
import { magZien } from './zichtbaarheid.js';

const base64 = z
  .string()
  .max(4_000_000, { error: 'is te groot.' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'is geen base64.' });

// The Temporal remote codec protocol: payloads as protobuf JSON, so bytes as base64.
const payloadsSchema = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), base64).optional(),
        data: base64.optional(),
      }),
      { error: 'payloads is een lijst van { metadata, data } (base64).' },
    )
    .max(1000, { error: 'payloads is hoogstens 1000 payloads per verzoek.' }),
});
type JsonPayloads = z.infer<typeof payloadsSchema>['payloads'];

const naarPayload = (p: JsonPayloads[number]): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const naarJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

const PAYLOADS_SCHEMA_JSON = z.toJSONSchema(payloadsSchema) as object;

/**
 * The codec endpoint of the Temporal Web UI (its "remote codec"): it decrypts
 * workflow payloads for a supervisor reading a history. Payloads carry ids and
 * codes only, but they are workflow data all the same, so only teamleiders may
 * decode, only what belongs to their own gemeente (zichtbaarheid.ts), and
 * every call is audit-logged. There is no /encode: inspecting a history needs
 * none, and actions on a case go through the API, which checks and records
 * them, not through signals typed into the UI. CORS (for the UI's origin
 * only) and the session cookie are handled in temporal-codec.middleware.ts.
 */
@ApiTags('Temporal-codec')
@ApiBearerAuth()
@Controller(CODEC_PAD)
export class TemporalCodecController {
  private readonly codec: VersleutelCodec;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
  ) {
    this.codec = new VersleutelCodec({
      sleutels: config.PAYLOAD_SLEUTELS,
      actueel: config.PAYLOAD_SLEUTEL_ACTUEEL,
    });
  }

  @Post('sessie')
  @Rollen('TEAMLEIDER')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cookie voor de Temporal Web UI zetten',
    description:
      'Zet een HttpOnly-cookie (SameSite=Strict, alleen voor /v1/temporal-codec) met de sessie, zodat de Temporal Web UI met "include credentials" de codec mag aanroepen. De webapp doet dit bij "Bekijk in Temporal".',
  })
  @ApiResponse({ status: 204, description: 'Cookie gezet' })
  @ApiResponse({ status: 401, description: 'Niet ingelogd' })
  @ApiResponse({ status: 403, description: 'Alleen teamleiders' })
  zetSessie(
    @Headers('authorization') autorisatie: string | undefined,
    @Req() verzoek: Request,
    @Res({ passthrough: true }) antwoord: Response,
  ): void {
    const token = /^Bearer /i.test(autorisatie ?? '') ? autorisatie!.slice(7).trim() : '';
    antwoord.cookie(CODEC_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: verzoek.secure,
      path: `/v1/${CODEC_PAD}`,
      maxAge: this.config.SESSIE_DUUR_MINUTEN * 60_000,
    });
  }

  @Delete('sessie')
  @Rollen('TEAMLEIDER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cookie voor de Temporal Web UI verwijderen' })
  @ApiResponse({ status: 204, description: 'Cookie verwijderd' })
  @ApiResponse({ status: 401, description: 'Niet ingelogd' })
  @ApiResponse({ status: 403, description: 'Alleen teamleiders' })
  wisSessie(@Res({ passthrough: true }) antwoord: Response): void {
    antwoord.clearCookie(CODEC_COOKIE, { path: `/v1/${CODEC_PAD}` });
  }

  @Post('decode')
  @Rollen('TEAMLEIDER')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Workflowgegevens ontsleutelen voor de Temporal Web UI',
    description:
      'Het remote-codecprotocol van Temporal: { payloads: [{ metadata: { sleutel: base64 }, data: base64 }] } in en uit. Een payload wordt alleen ontsleuteld teruggegeven als alles wat erin staat van de eigen gemeente is (elk id een object dat u via de API mag zien, elke gemeentecode de uwe); andere komen versleuteld terug. Onversleutelde payloads komen ongewijzigd terug. Alleen voor teamleiders; elke aanroep komt in het auditlog.',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'De Temporal-namespace' })
  @ApiBody({ schema: PAYLOADS_SCHEMA_JSON })
  @ApiResponse({
    status: 200,
    description:
      'De payloads in dezelfde volgorde: ontsleuteld waar ze bij uw gemeente horen, anders ongewijzigd',
  })
  @ApiResponse({
    status: 400,
    description: 'Ongeldige body, andere namespace of niet te ontsleutelen',
  })
  @ApiResponse({ status: 401, description: 'Niet ingelogd' })
  @ApiResponse({ status: 403, description: 'Alleen teamleiders' })
  @ApiResponse({
    status: 404,
    description: 'Geen enkele payload hoort bij uw gemeente',
  })
  async decode(
    @Body() body: unknown,
    @Headers('x-namespace') namespace: string | undefined,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    // One key set serves one namespace; another namespace's payloads are not ours to read.
    if (namespace !== undefined && namespace !== this.config.TEMPORAL_NAMESPACE)
      throw new Probleem(
        400,
        'Onbekende namespace.',
        `Deze codec hoort bij namespace "${this.config.TEMPORAL_NAMESPACE}", niet bij "${namespace}".`,
      );
    const { payloads } = leesBody(payloadsSchema, body);
    // Counts and the namespace only: never what the payloads say.
    const regel = (aantal: number, resultaat: 'gelukt' | 'geweigerd' | 'mislukt') => ({
      actie: 'temporal_payloads_ontsleuteld',
      objectType: 'TemporalPayload',
      objectId: `${this.config.TEMPORAL_NAMESPACE} aantal=${aantal}`,
      resultaat,
    });
    const invoer = payloads.map(naarPayload);
    let ontsleuteld: Payload[];
    try {
      ontsleuteld = await this.codec.decode(invoer);
    } catch (fout) {
      if (!(fout instanceof OntsleutelFout)) throw fout;
      await this.audit.leg(actor, verzoek, regel(payloads.length, 'mislukt'));
      throw new Probleem(400, 'Payload niet te ontsleutelen.', fout.message);
    }
    const versleuteld = invoer.map(isVersleuteld);
    const gemeente = actor.gemeenteId
      ? await this.db.gemeente.findUnique({
          where: { id: actor.gemeenteId },
          select: { id: true, code: true },
        })
      : null;
    const zichtbaar = await magZien(
      this.db,
      gemeente,
      ontsleuteld.filter((_, i) => versleuteld[i]),
    );
    let volgende = 0;
    // A refused payload goes back as it came, still encrypted: the UI shows it
    // as undecodable and the rest of the history stays readable.
    const uitvoer = payloads.map((p, i) =>
      !versleuteld[i] || zichtbaar[volgende++] ? naarJson(ontsleuteld[i]!) : p,
    );
    const geweigerd = zichtbaar.filter((z) => !z).length;
    const getoond = payloads.length - geweigerd;
    await this.audit.legMeerdere(actor, verzoek, [
      ...(getoond > 0 || geweigerd === 0 ? [regel(getoond, 'gelukt')] : []),
      ...(geweigerd > 0 ? [regel(geweigerd, 'geweigerd')] : []),
    ]);
    if (getoond === 0 && geweigerd > 0)
      throw new Probleem(
        404,
        'Deze workflowgegevens horen niet bij uw gemeente.',
        'U kunt alleen workflows van meldingen en signalen van uw eigen gemeente ontsleutelen. Open de workflow vanuit Vroegsignaal met "Bekijk in Temporal".',
      );
    return { payloads: uitvoer };
  }
}
