import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Config } from '../shared/config.js';
import { ConfigModule } from '../shared/config.module.js';
import { BulkactiesModule } from './bulkacties/bulkacties.module.js';
import { CorrespondentieModule } from './correspondentie/correspondentie.module.js';
import { DdasModule } from './ddas/ddas.module.js';
import { AanleveringenController } from './aanleveringen/aanleveringen.controller.js';
import { AanleveringenService } from './aanleveringen/aanleveringen.service.js';
import { AuditService } from './audit/audit.service.js';
import { AuditregelsController } from './audit/auditregels.controller.js';
import { AuditregelsService } from './audit/auditregels.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { UitnodigingenController } from './auth/uitnodigingen.controller.js';
import { OidcConfiguratieController, OidcController } from './auth/oidc.controller.js';
import { OidcService } from './auth/oidc.service.js';
import { GebruikersController } from './gebruikers/gebruikers.controller.js';
import { GebruikersService } from './gebruikers/gebruikers.service.js';
import { SignaalpartnersController } from './signaalpartners/signaalpartners.controller.js';
import { SignaalpartnersService } from './signaalpartners/signaalpartners.service.js';
import { GebiedenController } from './gebieden/gebieden.controller.js';
import { GebiedenService } from './gebieden/gebieden.service.js';
import { GemeentenController } from './gemeenten/gemeenten.controller.js';
import { GemeentenService } from './gemeenten/gemeenten.service.js';
import { MeldingenController } from './meldingen/meldingen.controller.js';
import { MeldingenService } from './meldingen/meldingen.service.js';
import { NotificatiesController } from './meldingen/notificaties.controller.js';
import { HealthController } from './health/health.controller.js';
import { DatabaseModule } from '../shared/database.module.js';
import { ProbleemFilter } from './infra/probleem.js';
import { TemporalModule } from '../shared/temporal.module.js';
import { SignalenController } from './signalen/signalen.controller.js';
import { SignalenService } from './signalen/signalen.service.js';
import { OverzichtController } from './overzicht/overzicht.controller.js';
import { OverzichtService } from './overzicht/overzicht.service.js';
import { WerkbakkenController } from './werkbakken/werkbakken.controller.js';
import { WerkbakkenService } from './werkbakken/werkbakken.service.js';
import { BeheerexportService } from './exports/beheerexport.service.js';
import { ExportsController } from './exports/exports.controller.js';
import { GemeentebeheerController } from './gemeenten/gemeentebeheer.controller.js';
import { RapportagesController } from './rapportages/rapportages.controller.js';
import { RapportagesService } from './rapportages/rapportages.service.js';
import { ApiSleutelsController } from './koppeling/apisleutels.controller.js';
import { KoppelingService } from './koppeling/koppeling.service.js';
import { WebhookabonnementenController } from './koppeling/webhookabonnementen.controller.js';
import { TemporalCodecModule } from './temporal-codec/temporal-codec.module.js';

@Module({})
export class AppModule {
  static met(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.met(config),
        DatabaseModule,
        TemporalModule,
        CorrespondentieModule,
        BulkactiesModule,
        DdasModule,
        TemporalCodecModule,
      ],
      controllers: [
        AuthController,
        SignalenController,
        AanleveringenController,
        GebiedenController,
        GemeentenController,
        MeldingenController,
        NotificatiesController,
        HealthController,
        GebruikersController,
        UitnodigingenController,
        SignaalpartnersController,
        WerkbakkenController,
        OverzichtController,
        ExportsController,
        GemeentebeheerController,
        RapportagesController,
        OidcController,
        OidcConfiguratieController,
        AuditregelsController,
        ApiSleutelsController,
        WebhookabonnementenController,
      ],
      providers: [
        AuthService,
        AuditService,
        SignalenService,
        AanleveringenService,
        GebiedenService,
        GemeentenService,
        MeldingenService,
        GebruikersService,
        SignaalpartnersService,
        WerkbakkenService,
        OverzichtService,
        BeheerexportService,
        RapportagesService,
        OidcService,
        AuditregelsService,
        KoppelingService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProbleemFilter },
      ],
    };
  }
}
