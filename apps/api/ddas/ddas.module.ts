import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DdasClientsService } from './ddas-clients.service.js';
import { DdasController } from './ddas.controller.js';
import { DdasGegevensService } from './ddas-gegevens.service.js';

/** The national DDAS delivery to CBS and the client credentials it is read with. */
@Module({
  controllers: [DdasController],
  providers: [DdasGegevensService, DdasClientsService, AuditService],
})
export class DdasModule {}
