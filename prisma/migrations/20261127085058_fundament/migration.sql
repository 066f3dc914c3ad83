-- CreateEnum
CREATE TYPE "SignaalpartnerType" AS ENUM ('BELASTINGDIENST', 'CAK_EIGEN_BIJDRAGE', 'CAK_ZORGVERZEKERINGEN', 'DIENST_TOESLAGEN', 'DUO', 'ENERGIE', 'HUUR', 'HYPOTHEEK', 'OVERIGE', 'WATER', 'ZORG');

-- CreateEnum
CREATE TYPE "AanleveringBron" AS ENUM ('API', 'BESTAND');

-- CreateEnum
CREATE TYPE "AanleveringStatus" AS ENUM ('ONTVANGEN', 'IN_VERWERKING', 'VERWERKT', 'MISLUKT');

-- CreateEnum
CREATE TYPE "Routeringsstatus" AS ENUM ('ONTVANGEN', 'GEROUTEERD', 'ONBEKEND_ADRES', 'GEEN_KOPPELING');

-- CreateEnum
CREATE TYPE "Signaalstatus" AS ENUM ('NOG_NIET_OPGEPAKT', 'OPGEPAKT', 'NIET_OPGEPAKT_ONTERECHT_SIGNAAL', 'NIET_OPGEPAKT_HERHAALDE_MELDING', 'NIET_OPGEPAKT_ANDERE_REDEN', 'INWONER_IS_OVERLEDEN', 'GEEN_INWONER_GEMEENTE', 'INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING');

-- CreateEnum
CREATE TYPE "Geslacht" AS ENUM ('MAN', 'VROUW', 'ONBEKEND');

-- CreateEnum
CREATE TYPE "Meldingstatus" AS ENUM ('OPEN', 'IN_BEHANDELING', 'AFGESLOTEN');

-- CreateEnum
CREATE TYPE "Matchtype" AS ENUM ('ENKELVOUDIG', 'MEERVOUDIG', 'OPEENVOLGEND');

-- CreateEnum
CREATE TYPE "Resultaat" AS ENUM ('BUDGETADVIES_OF_QUICK_FIX', 'DEFINITIEF_GEEN_CONTACT', 'GEEN_REACTIE_NA_EERDER_CONTACT', 'INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING', 'INWONER_HEEFT_ANDER_LOPEND_TRAJECT', 'INWONER_HEEFT_ZELF_BETAALD', 'INWONER_IS_OVERLEDEN', 'INWONER_REGELT_HET_ZELF', 'NIET_OPGEPAKT_ANDERE_REDEN', 'NIET_OPGEPAKT_HERHAALDE_MELDING', 'NIET_OPGEPAKT_ONTERECHT_SIGNAAL', 'GEEN_INWONER_GEMEENTE', 'VERVOLGHULP_OF_VERWIJZING', 'VERVOLGHULP_OF_VERWIJZING_FINANCIEEL', 'VERVOLGHULP_OF_VERWIJZING_NIET_FINANCIEEL', 'VERWIJZING_ZONDER_TUSSENKOMST_INWONER');

-- CreateEnum
CREATE TYPE "Contactsoort" AS ENUM ('ADMINISTRATIEF', 'AFSPRAAK_OP_LOCATIE', 'BRIEF', 'HUISBEZOEK', 'KAARTJE', 'MAIL', 'ONBEKEND', 'OVERIGE', 'SMS_WHATSAPP', 'TELEFOON');

-- CreateEnum
CREATE TYPE "Dagdeel" AS ENUM ('OCHTEND', 'MIDDAG', 'AVOND');

-- CreateEnum
CREATE TYPE "Kanaal" AS ENUM ('BRIEF', 'EMAIL');

-- CreateEnum
CREATE TYPE "Correspondentiestatus" AS ENUM ('GEPLAND', 'VERZONDEN', 'MISLUKT');

-- CreateEnum
CREATE TYPE "Rol" AS ENUM ('PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR', 'SIGNAALPARTNER');

-- CreateTable
CREATE TABLE "Gemeente" (
    "id" UUID NOT NULL,
    "code" VARCHAR(4) NOT NULL,
    "naam" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Gemeente_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Wijk" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "code" VARCHAR(6) NOT NULL,
    "naam" TEXT NOT NULL,

    CONSTRAINT "Wijk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Buurt" (
    "id" UUID NOT NULL,
    "wijkId" UUID NOT NULL,
    "code" VARCHAR(8) NOT NULL,
    "naam" TEXT NOT NULL,

    CONSTRAINT "Buurt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Kern" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "naam" TEXT NOT NULL,

    CONSTRAINT "Kern_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KernOnderdeel" (
    "id" UUID NOT NULL,
    "kernId" UUID NOT NULL,
    "wijkId" UUID,
    "buurtId" UUID,
    "postcode4" VARCHAR(4),

    CONSTRAINT "KernOnderdeel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Routeringstabel" (
    "jaar" INTEGER NOT NULL,
    "bron" TEXT NOT NULL,
    "aantalAdressen" INTEGER NOT NULL,
    "geimporteerdOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Routeringstabel_pkey" PRIMARY KEY ("jaar")
);

-- CreateTable
CREATE TABLE "Routeringsadres" (
    "jaar" INTEGER NOT NULL,
    "postcode" CHAR(6) NOT NULL,
    "huisnummer" INTEGER NOT NULL,
    "buurtcode" VARCHAR(8) NOT NULL,
    "wijkcode" VARCHAR(6) NOT NULL,
    "gemeentecode" VARCHAR(4) NOT NULL,

    CONSTRAINT "Routeringsadres_pkey" PRIMARY KEY ("jaar","postcode","huisnummer")
);

-- CreateTable
CREATE TABLE "Signaalpartner" (
    "id" UUID NOT NULL,
    "naam" TEXT NOT NULL,
    "type" "SignaalpartnerType" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Signaalpartner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Koppeling" (
    "id" UUID NOT NULL,
    "signaalpartnerId" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "grondslag" TEXT NOT NULL,
    "startdatum" DATE NOT NULL,
    "einddatum" DATE,

    CONSTRAINT "Koppeling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiSleutel" (
    "id" UUID NOT NULL,
    "signaalpartnerId" UUID NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "sleutelHash" CHAR(64) NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ingetrokkenOp" TIMESTAMPTZ(3),

    CONSTRAINT "ApiSleutel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Aanlevering" (
    "id" UUID NOT NULL,
    "signaalpartnerId" UUID NOT NULL,
    "bron" "AanleveringBron" NOT NULL,
    "bestandsnaam" TEXT,
    "status" "AanleveringStatus" NOT NULL DEFAULT 'ONTVANGEN',
    "aantalRijen" INTEGER NOT NULL DEFAULT 0,
    "aantalGeaccepteerd" INTEGER NOT NULL DEFAULT 0,
    "aantalAfgewezen" INTEGER NOT NULL DEFAULT 0,
    "ontvangenOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "afgerondOp" TIMESTAMPTZ(3),

    CONSTRAINT "Aanlevering_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signaal" (
    "id" UUID NOT NULL,
    "signaalpartnerId" UUID NOT NULL,
    "referentie" VARCHAR(100) NOT NULL,
    "aanleveringId" UUID,
    "signaaldatum" DATE NOT NULL,
    "ontstaansdatum" DATE NOT NULL,
    "bedragInCenten" INTEGER NOT NULL,
    "crisissignaal" BOOLEAN NOT NULL DEFAULT false,
    "warmeOverdracht" BOOLEAN NOT NULL DEFAULT false,
    "eindeLevering" BOOLEAN NOT NULL DEFAULT false,
    "routeringsstatus" "Routeringsstatus" NOT NULL DEFAULT 'ONTVANGEN',
    "routeringsjaar" INTEGER,
    "gemeenteId" UUID,
    "wijkId" UUID,
    "buurtId" UUID,
    "kernId" UUID,
    "gerouteerdOp" TIMESTAMPTZ(3),
    "signaalstatus" "Signaalstatus" NOT NULL DEFAULT 'NOG_NIET_OPGEPAKT',
    "meldingId" UUID,
    "ontvangenOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "persoonsgegevensVerwijderdOp" TIMESTAMPTZ(3),

    CONSTRAINT "Signaal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignaalPersoonsgegevens" (
    "signaalId" UUID NOT NULL,
    "voorletters" TEXT,
    "voornamen" TEXT,
    "tussenvoegsel" TEXT,
    "achternaam" TEXT NOT NULL,
    "geboortedatum" DATE NOT NULL,
    "bsn" CHAR(9),
    "geslacht" "Geslacht",
    "straat" TEXT,
    "postcode" CHAR(6) NOT NULL,
    "huisnummer" INTEGER NOT NULL,
    "huisletter" VARCHAR(1),
    "toevoeging" VARCHAR(4),
    "woonplaats" TEXT NOT NULL,
    "telefoonnummer" TEXT,
    "email" TEXT,
    "adressleutel" TEXT NOT NULL,

    CONSTRAINT "SignaalPersoonsgegevens_pkey" PRIMARY KEY ("signaalId")
);

-- CreateTable
CREATE TABLE "Melding" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "adressleutel" TEXT NOT NULL,
    "openSleutel" TEXT,
    "status" "Meldingstatus" NOT NULL DEFAULT 'OPEN',
    "matchtype" "Matchtype" NOT NULL DEFAULT 'ENKELVOUDIG',
    "resultaat" "Resultaat",
    "behandelaarId" UUID,
    "geopendOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "afgeslotenOp" TIMESTAMPTZ(3),

    CONSTRAINT "Melding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contactpoging" (
    "id" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "soort" "Contactsoort" NOT NULL,
    "bereikt" BOOLEAN NOT NULL,
    "datum" DATE NOT NULL,
    "dagdeel" "Dagdeel",
    "gebruikerId" UUID,
    "vastgelegdOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contactpoging_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Correspondentie" (
    "id" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "kanaal" "Kanaal" NOT NULL,
    "sjabloon" TEXT NOT NULL,
    "idempotentieSleutel" TEXT NOT NULL,
    "status" "Correspondentiestatus" NOT NULL DEFAULT 'GEPLAND',
    "verzondenOp" TIMESTAMPTZ(3),
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Correspondentie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Gebruiker" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "wachtwoordHash" TEXT NOT NULL,
    "rol" "Rol" NOT NULL,
    "gemeenteId" UUID,
    "signaalpartnerId" UUID,
    "actief" BOOLEAN NOT NULL DEFAULT true,
    "mislukteInlogpogingen" INTEGER NOT NULL DEFAULT 0,
    "geblokkeerdTot" TIMESTAMPTZ(3),
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Gebruiker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sessie" (
    "id" UUID NOT NULL,
    "gebruikerId" UUID NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verlooptOp" TIMESTAMPTZ(3) NOT NULL,
    "beeindigdOp" TIMESTAMPTZ(3),

    CONSTRAINT "Sessie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "tijdstip" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "organisatieType" TEXT,
    "organisatieId" TEXT,
    "actie" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "resultaat" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Gemeente_code_key" ON "Gemeente"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Wijk_code_key" ON "Wijk"("code");

-- CreateIndex
CREATE INDEX "Wijk_gemeenteId_idx" ON "Wijk"("gemeenteId");

-- CreateIndex
CREATE UNIQUE INDEX "Buurt_code_key" ON "Buurt"("code");

-- CreateIndex
CREATE INDEX "Buurt_wijkId_idx" ON "Buurt"("wijkId");

-- CreateIndex
CREATE UNIQUE INDEX "Kern_gemeenteId_naam_key" ON "Kern"("gemeenteId", "naam");

-- CreateIndex
CREATE INDEX "KernOnderdeel_kernId_idx" ON "KernOnderdeel"("kernId");

-- CreateIndex
CREATE UNIQUE INDEX "Signaalpartner_naam_key" ON "Signaalpartner"("naam");

-- CreateIndex
CREATE UNIQUE INDEX "Koppeling_signaalpartnerId_gemeenteId_key" ON "Koppeling"("signaalpartnerId", "gemeenteId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiSleutel_sleutelHash_key" ON "ApiSleutel"("sleutelHash");

-- CreateIndex
CREATE INDEX "Aanlevering_signaalpartnerId_ontvangenOp_idx" ON "Aanlevering"("signaalpartnerId", "ontvangenOp");

-- CreateIndex
CREATE INDEX "Signaal_gemeenteId_ontvangenOp_idx" ON "Signaal"("gemeenteId", "ontvangenOp");

-- CreateIndex
CREATE INDEX "Signaal_meldingId_idx" ON "Signaal"("meldingId");

-- CreateIndex
CREATE UNIQUE INDEX "Signaal_signaalpartnerId_referentie_key" ON "Signaal"("signaalpartnerId", "referentie");

-- CreateIndex
CREATE INDEX "SignaalPersoonsgegevens_adressleutel_idx" ON "SignaalPersoonsgegevens"("adressleutel");

-- CreateIndex
CREATE UNIQUE INDEX "Melding_openSleutel_key" ON "Melding"("openSleutel");

-- CreateIndex
CREATE INDEX "Melding_gemeenteId_status_idx" ON "Melding"("gemeenteId", "status");

-- CreateIndex
CREATE INDEX "Melding_gemeenteId_adressleutel_idx" ON "Melding"("gemeenteId", "adressleutel");

-- CreateIndex
CREATE INDEX "Contactpoging_meldingId_idx" ON "Contactpoging"("meldingId");

-- CreateIndex
CREATE UNIQUE INDEX "Correspondentie_idempotentieSleutel_key" ON "Correspondentie"("idempotentieSleutel");

-- CreateIndex
CREATE INDEX "Correspondentie_meldingId_idx" ON "Correspondentie"("meldingId");

-- CreateIndex
CREATE UNIQUE INDEX "Gebruiker_email_key" ON "Gebruiker"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Sessie_tokenHash_key" ON "Sessie"("tokenHash");

-- CreateIndex
CREATE INDEX "AuditLog_objectType_objectId_idx" ON "AuditLog"("objectType", "objectId");

-- CreateIndex
CREATE INDEX "AuditLog_tijdstip_idx" ON "AuditLog"("tijdstip");

-- AddForeignKey
ALTER TABLE "Wijk" ADD CONSTRAINT "Wijk_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Buurt" ADD CONSTRAINT "Buurt_wijkId_fkey" FOREIGN KEY ("wijkId") REFERENCES "Wijk"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Kern" ADD CONSTRAINT "Kern_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KernOnderdeel" ADD CONSTRAINT "KernOnderdeel_kernId_fkey" FOREIGN KEY ("kernId") REFERENCES "Kern"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KernOnderdeel" ADD CONSTRAINT "KernOnderdeel_wijkId_fkey" FOREIGN KEY ("wijkId") REFERENCES "Wijk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KernOnderdeel" ADD CONSTRAINT "KernOnderdeel_buurtId_fkey" FOREIGN KEY ("buurtId") REFERENCES "Buurt"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Routeringsadres" ADD CONSTRAINT "Routeringsadres_jaar_fkey" FOREIGN KEY ("jaar") REFERENCES "Routeringstabel"("jaar") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Koppeling" ADD CONSTRAINT "Koppeling_signaalpartnerId_fkey" FOREIGN KEY ("signaalpartnerId") REFERENCES "Signaalpartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Koppeling" ADD CONSTRAINT "Koppeling_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiSleutel" ADD CONSTRAINT "ApiSleutel_signaalpartnerId_fkey" FOREIGN KEY ("signaalpartnerId") REFERENCES "Signaalpartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Aanlevering" ADD CONSTRAINT "Aanlevering_signaalpartnerId_fkey" FOREIGN KEY ("signaalpartnerId") REFERENCES "Signaalpartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_signaalpartnerId_fkey" FOREIGN KEY ("signaalpartnerId") REFERENCES "Signaalpartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_aanleveringId_fkey" FOREIGN KEY ("aanleveringId") REFERENCES "Aanlevering"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_wijkId_fkey" FOREIGN KEY ("wijkId") REFERENCES "Wijk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_buurtId_fkey" FOREIGN KEY ("buurtId") REFERENCES "Buurt"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_kernId_fkey" FOREIGN KEY ("kernId") REFERENCES "Kern"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaal" ADD CONSTRAINT "Signaal_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignaalPersoonsgegevens" ADD CONSTRAINT "SignaalPersoonsgegevens_signaalId_fkey" FOREIGN KEY ("signaalId") REFERENCES "Signaal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Melding" ADD CONSTRAINT "Melding_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Melding" ADD CONSTRAINT "Melding_behandelaarId_fkey" FOREIGN KEY ("behandelaarId") REFERENCES "Gebruiker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contactpoging" ADD CONSTRAINT "Contactpoging_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contactpoging" ADD CONSTRAINT "Contactpoging_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Correspondentie" ADD CONSTRAINT "Correspondentie_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Gebruiker" ADD CONSTRAINT "Gebruiker_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Gebruiker" ADD CONSTRAINT "Gebruiker_signaalpartnerId_fkey" FOREIGN KEY ("signaalpartnerId") REFERENCES "Signaalpartner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sessie" ADD CONSTRAINT "Sessie_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only (BIO 8.15): refuse every UPDATE and DELETE,
-- also from the application's own database role.
CREATE FUNCTION audit_log_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is alleen-toevoegen: % is niet toegestaan', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_alleen_toevoegen
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION audit_log_alleen_toevoegen();

CREATE TRIGGER audit_log_niet_legen
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_alleen_toevoegen();
