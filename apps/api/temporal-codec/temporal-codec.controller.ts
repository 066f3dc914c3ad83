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
import { OntsleutelFout, VersleutelCodec } from '../../shared/payloadcodec.js';
import { CONFIG } from '../../shared/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { CODEC_COOKIE, CODEC_PAD } from './temporal-codec.middleware.js';

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
 * decode and every call is audit-logged. CORS (for the UI's origin only) and
 * the session cookie are handled in temporal-codec.middleware.ts.
 */
@ApiTags('Temporal-codec')
@ApiBearerAuth()
@Controller(CODEC_PAD)
export class TemporalCodecController {
  private readonly codec: VersleutelCodec;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(AuditService) private readonly audit: AuditService,
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
      'Het remote-codecprotocol van Temporal: { payloads: [{ metadata: { sleutel: base64 }, data: base64 }] } in en uit. Onversleutelde payloads komen ongewijzigd terug. Alleen voor teamleiders; elke aanroep komt in het auditlog.',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'De Temporal-namespace' })
  @ApiBody({ schema: PAYLOADS_SCHEMA_JSON })
  @ApiResponse({ status: 200, description: 'De ontsleutelde payloads, in dezelfde volgorde' })
  @ApiResponse({
    status: 400,
    description: 'Ongeldige body, andere namespace of niet te ontsleutelen',
  })
  @ApiResponse({ status: 401, description: 'Niet ingelogd' })
  @ApiResponse({ status: 403, description: 'Alleen teamleiders' })
  async decode(
    @Body() body: unknown,
    @Headers('x-namespace') namespace: string | undefined,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    return this.verwerk('decode', body, namespace, actor, verzoek);
  }

  @Post('encode')
  @Rollen('TEAMLEIDER')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Workflowgegevens versleutelen voor de Temporal Web UI',
    description:
      'Het remote-codecprotocol van Temporal, voor invoer die de Web UI zelf verstuurt. Alleen voor teamleiders; elke aanroep komt in het auditlog.',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'De Temporal-namespace' })
  @ApiBody({ schema: PAYLOADS_SCHEMA_JSON })
  @ApiResponse({ status: 200, description: 'De versleutelde payloads, in dezelfde volgorde' })
  @ApiResponse({ status: 400, description: 'Ongeldige body of andere namespace' })
  @ApiResponse({ status: 401, description: 'Niet ingelogd' })
  @ApiResponse({ status: 403, description: 'Alleen teamleiders' })
  async encode(
    @Body() body: unknown,
    @Headers('x-namespace') namespace: string | undefined,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    return this.verwerk('encode', body, namespace, actor, verzoek);
  }

  private async verwerk(
    richting: 'decode' | 'encode',
    body: unknown,
    namespace: string | undefined,
    actor: Actor,
    verzoek: VerzoekMetActor,
  ) {
    // One key set serves one namespace; another namespace's payloads are not ours to read.
    if (namespace !== undefined && namespace !== this.config.TEMPORAL_NAMESPACE)
      throw new Probleem(
        400,
        'Onbekende namespace.',
        `Deze codec hoort bij namespace "${this.config.TEMPORAL_NAMESPACE}", niet bij "${namespace}".`,
      );
    const { payloads } = leesBody(payloadsSchema, body);
    const regel = {
      actie:
        richting === 'decode' ? 'temporal_payloads_ontsleuteld' : 'temporal_payloads_versleuteld',
      objectType: 'TemporalPayload',
      // Counts and the namespace only: never what the payloads say.
      objectId: `${this.config.TEMPORAL_NAMESPACE} aantal=${payloads.length}`,
    };
    try {
      const invoer = payloads.map(naarPayload);
      const uitvoer =
        richting === 'decode' ? await this.codec.decode(invoer) : await this.codec.encode(invoer);
      await this.audit.leg(actor, verzoek, { ...regel, resultaat: 'gelukt' });
      return { payloads: uitvoer.map(naarJson) };
    } catch (fout) {
      if (!(fout instanceof OntsleutelFout)) throw fout;
      await this.audit.leg(actor, verzoek, { ...regel, resultaat: 'mislukt' });
      throw new Probleem(400, 'Payload niet te ontsleutelen.', fout.message);
    }
  }
}
