-- CreateEnum
CREATE TYPE "Afleveringstatus" AS ENUM ('BEZIG', 'AFGELEVERD', 'MISLUKT');

-- DropForeignKey
ALTER TABLE "ApiSleutel" DROP CONSTRAINT "ApiSleutel_signaalpartnerId_fkey";

-- AlterTable
ALTER TABLE "ApiSleutel" ADD COLUMN     "gemeenteId" UUID,
ADD COLUMN     "laatstGebruiktOp" TIMESTAMPTZ(3),
ALTER COLUMN "signaalpartnerId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Contactpoging" ADD COLUMN     "apiSleutelId" UUID;

-- AlterTable
ALTER TABLE "Meldinggebeurtenis" ADD COLUMN     "apiSleutelId" UUID;

-- AlterTable
ALTER TABLE "Notitie" ADD COLUMN     "apiSleutelId" UUID;

-- CreateTable
CREATE TABLE "Webhookabonnement" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "gebeurtenistypen" TEXT[],
    "geheim" VARCHAR(100) NOT NULL,
    "omschrijving" VARCHAR(200),
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ingetrokkenOp" TIMESTAMPTZ(3),
    "vervallenOp" TIMESTAMPTZ(3),

    CONSTRAINT "Webhookabonnement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhookaflevering" (
    "id" UUID NOT NULL,
    "abonnementId" UUID NOT NULL,
    "gebeurtenistype" VARCHAR(40) NOT NULL,
    "meldingId" UUID NOT NULL,
    "meldingstatus" "Meldingstatus" NOT NULL,
    "gebeurtenissleutel" TEXT NOT NULL,
    "status" "Afleveringstatus" NOT NULL DEFAULT 'BEZIG',
    "pogingen" INTEGER NOT NULL DEFAULT 0,
    "laatsteStatuscode" INTEGER,
    "laatsteFout" VARCHAR(300),
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gestartOp" TIMESTAMPTZ(3),
    "laatstePogingOp" TIMESTAMPTZ(3),
    "afgerondOp" TIMESTAMPTZ(3),
    "ronde" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Webhookaflevering_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Webhookabonnement_gemeenteId_idx" ON "Webhookabonnement"("gemeenteId");

-- CreateIndex
CREATE INDEX "Webhookaflevering_abonnementId_aangemaaktOp_idx" ON "Webhookaflevering"("abonnementId", "aangemaaktOp");

-- CreateIndex
CREATE INDEX "Webhookaflevering_meldingId_idx" ON "Webhookaflevering"("meldingId");

-- CreateIndex
CREATE UNIQUE INDEX "Webhookaflevering_abonnementId_gebeurtenissleutel_key" ON "Webhookaflevering"("abonnementId", "gebeurtenissleutel");

-- CreateIndex
CREATE INDEX "ApiSleutel_gemeenteId_idx" ON "ApiSleutel"("gemeenteId");

-- CreateIndex
CREATE INDEX "ApiSleutel_signaalpartnerId_idx" ON "ApiSleutel"("signaalpartnerId");

-- AddForeignKey
ALTER TABLE "ApiSleutel" ADD CONSTRAINT "ApiSleutel_signaalpartnerId_fkey" FOREIGN KEY ("signaalpartnerId") REFERENCES "Signaalpartner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiSleutel" ADD CONSTRAINT "ApiSleutel_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhookabonnement" ADD CONSTRAINT "Webhookabonnement_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhookaflevering" ADD CONSTRAINT "Webhookaflevering_abonnementId_fkey" FOREIGN KEY ("abonnementId") REFERENCES "Webhookabonnement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contactpoging" ADD CONSTRAINT "Contactpoging_apiSleutelId_fkey" FOREIGN KEY ("apiSleutelId") REFERENCES "ApiSleutel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meldinggebeurtenis" ADD CONSTRAINT "Meldinggebeurtenis_apiSleutelId_fkey" FOREIGN KEY ("apiSleutelId") REFERENCES "ApiSleutel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notitie" ADD CONSTRAINT "Notitie_apiSleutelId_fkey" FOREIGN KEY ("apiSleutelId") REFERENCES "ApiSleutel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A key belongs to exactly one organisation: a creditor or a gemeente.
ALTER TABLE "ApiSleutel" ADD CONSTRAINT "ApiSleutel_een_eigenaar"
  CHECK (("signaalpartnerId" IS NULL) <> ("gemeenteId" IS NULL));
