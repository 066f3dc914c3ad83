import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { PrismaClient } from '../../../prisma/database.js';
import { Openbaar } from '../auth/actor.js';

const CONTROLE_MS = 2_000;

type Onderdeelstatus = { status: 'ok' } | { status: 'onbereikbaar'; fout: string };

/** Reports PostgreSQL and Temporal separately, so an operator sees which one is down. */
@ApiTags('Beheer')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  @Get()
  @Openbaar()
  @ApiOperation({ summary: 'Gezondheid van de API en de onderdelen waarvan zij afhangt' })
  @ApiResponse({ status: 200, description: 'Alles bereikbaar' })
  @ApiResponse({ status: 503, description: 'Een onderdeel is onbereikbaar' })
  async health(@Res({ passthrough: true }) response: Response) {
    const [postgresql, temporal] = await Promise.all([
      controleer(() => this.prisma.$queryRaw`SELECT 1`),
      controleer(() =>
        this.temporal.connection.withDeadline(Date.now() + CONTROLE_MS, () =>
          this.temporal.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const gezond = postgresql.status === 'ok' && temporal.status === 'ok';
    response.status(gezond ? 200 : 503);
    return { status: gezond ? 'ok' : 'verstoord', onderdelen: { postgresql, temporal } };
  }
}

async function controleer(controle: () => Promise<unknown>): Promise<Onderdeelstatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      controle(),
      new Promise((_, weiger) => {
        timer = setTimeout(
          () => weiger(new Error(`geen antwoord binnen ${CONTROLE_MS} ms`)),
          CONTROLE_MS,
        );
      }),
    ]);
    return { status: 'ok' };
  } catch (fout) {
    return {
      status: 'onbereikbaar',
      fout: fout instanceof Error ? fout.message.split('\n')[0]! : String(fout),
    };
  } finally {
    clearTimeout(timer);
  }
}
