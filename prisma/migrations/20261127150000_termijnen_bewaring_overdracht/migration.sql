-- CreateEnum
CREATE TYPE "Uitnodigingsbesluit" AS ENUM ('UITNODIGEN', 'ALLEEN_BEHANDELAAR', 'ONDER_MINIMUMBEDRAG');

-- AlterTable
ALTER TABLE "Correspondentie" ADD COLUMN     "sjabloonversie" INTEGER;

-- AlterTable
ALTER TABLE "Gemeente" ADD COLUMN     "alleenBehandelaarTypen" "SignaalpartnerType"[] DEFAULT ARRAY[]::"SignaalpartnerType"[],
ADD COLUMN     "bewaartermijnAfgehandeldMaanden" INTEGER NOT NULL DEFAULT 18,
ADD COLUMN     "bewaartermijnNietOpgepaktMaanden" INTEGER NOT NULL DEFAULT 6,
ADD COLUMN     "minimumBedragInCenten" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "termijnCrisisWerkdagen" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "termijnEersteContactDagen" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "termijnOppakkenDagen" INTEGER NOT NULL DEFAULT 28;

-- AlterTable
ALTER TABLE "Melding" ADD COLUMN     "crisis" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "eersteContactOp" TIMESTAMPTZ(3),
ADD COLUMN     "persoonsgegevensVerwijderdOp" TIMESTAMPTZ(3),
ADD COLUMN     "termijnEersteContact" TIMESTAMPTZ(3),
ADD COLUMN     "termijnOppakken" TIMESTAMPTZ(3),
ADD COLUMN     "termijnOverschredenOp" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Signaal" ADD COLUMN     "uitnodiging" "Uitnodigingsbesluit" NOT NULL DEFAULT 'UITNODIGEN';

-- CreateTable
CREATE TABLE "Briefsjabloon" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "naam" VARCHAR(40) NOT NULL,
    "versie" INTEGER NOT NULL,
    "onderwerp" TEXT NOT NULL,
    "tekst" TEXT NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "door" UUID,

    CONSTRAINT "Briefsjabloon_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signaaloverdracht" (
    "id" UUID NOT NULL,
    "signaalId" UUID NOT NULL,
    "vanGemeenteId" UUID NOT NULL,
    "vanMeldingId" UUID NOT NULL,
    "naarGemeenteId" UUID NOT NULL,
    "op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gebruikerId" UUID,

    CONSTRAINT "Signaaloverdracht_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notificatie" (
    "id" UUID NOT NULL,
    "gebruikerId" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "soort" VARCHAR(40) NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gelezenOp" TIMESTAMPTZ(3),
    "sleutel" TEXT NOT NULL,

    CONSTRAINT "Notificatie_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Briefsjabloon_gemeenteId_naam_versie_key" ON "Briefsjabloon"("gemeenteId", "naam", "versie");

-- CreateIndex
CREATE INDEX "Signaaloverdracht_signaalId_idx" ON "Signaaloverdracht"("signaalId");

-- CreateIndex
CREATE INDEX "Signaaloverdracht_vanMeldingId_idx" ON "Signaaloverdracht"("vanMeldingId");

-- CreateIndex
CREATE UNIQUE INDEX "Notificatie_sleutel_key" ON "Notificatie"("sleutel");

-- CreateIndex
CREATE INDEX "Notificatie_gebruikerId_aangemaaktOp_idx" ON "Notificatie"("gebruikerId", "aangemaaktOp");

-- AddForeignKey
ALTER TABLE "Briefsjabloon" ADD CONSTRAINT "Briefsjabloon_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaaloverdracht" ADD CONSTRAINT "Signaaloverdracht_signaalId_fkey" FOREIGN KEY ("signaalId") REFERENCES "Signaal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaaloverdracht" ADD CONSTRAINT "Signaaloverdracht_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notificatie" ADD CONSTRAINT "Notificatie_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notificatie" ADD CONSTRAINT "Notificatie_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
