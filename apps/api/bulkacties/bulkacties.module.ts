import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { BulkactiesController } from './bulkacties.controller.js';
import { BulkactiesService } from './bulkacties.service.js';

/** One caseworker action on many meldingen, run by bulkactieWorkflow. */
@Module({
  controllers: [BulkactiesController],
  providers: [BulkactiesService, AuditService],
})
export class BulkactiesModule {}
