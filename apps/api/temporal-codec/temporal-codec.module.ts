import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { TemporalCodecController } from './temporal-codec.controller.js';
import { CODEC_PAD, TemporalCodecMiddleware } from './temporal-codec.middleware.js';

@Module({
  controllers: [TemporalCodecController],
  providers: [AuditService, TemporalCodecMiddleware],
})
export class TemporalCodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every method, so the browser's OPTIONS preflight is answered too.
    consumer
      .apply(TemporalCodecMiddleware)
      .forRoutes({ path: `${CODEC_PAD}/{*pad}`, method: RequestMethod.ALL });
  }
}
