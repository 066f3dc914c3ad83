import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { CorrespondentieController } from './correspondentie.controller.js';
import { CorrespondentieService } from './correspondentie.service.js';

/** The outreach letters as a whole, apart from one melding: the daily print batch. */
@Module({
  controllers: [CorrespondentieController],
  providers: [CorrespondentieService, AuditService],
})
export class CorrespondentieModule {}
