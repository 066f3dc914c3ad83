-- CreateEnum
CREATE TYPE "Bulkactiestatus" AS ENUM ('BEZIG', 'KLAAR');

-- CreateEnum
CREATE TYPE "Bulkuitkomst" AS ENUM ('GELUKT', 'GEWEIGERD', 'MISLUKT');

-- AlterEnum
ALTER TYPE "Rol" ADD VALUE 'EXTERN';

-- AlterTable
ALTER TABLE "Gebruiker" ADD COLUMN     "organisatie" TEXT,
ADD COLUMN     "uitnodigingHash" CHAR(64),
ADD COLUMN     "uitnodigingVerlooptOp" TIMESTAMPTZ(3),
ADD COLUMN     "wijkIds" UUID[] DEFAULT ARRAY[]::UUID[],
ALTER COLUMN "wachtwoordHash" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Gemeente" ADD COLUMN     "huisstijlKleur" VARCHAR(7);

-- CreateTable
CREATE TABLE "Werkbak" (
    "id" UUID NOT NULL,
    "gebruikerId" UUID NOT NULL,
    "naam" VARCHAR(60) NOT NULL,
    "filter" VARCHAR(1000) NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Werkbak_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bulkactie" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "gebruikerId" UUID NOT NULL,
    "actie" JSONB NOT NULL,
    "status" "Bulkactiestatus" NOT NULL DEFAULT 'BEZIG',
    "totaal" INTEGER NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "klaarOp" TIMESTAMPTZ(3),

    CONSTRAINT "Bulkactie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkactieItem" (
    "bulkactieId" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "volgorde" INTEGER NOT NULL,
    "uitkomst" "Bulkuitkomst",
    "toelichting" TEXT,
    "verwerktOp" TIMESTAMPTZ(3),

    CONSTRAINT "BulkactieItem_pkey" PRIMARY KEY ("bulkactieId","meldingId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Werkbak_gebruikerId_naam_key" ON "Werkbak"("gebruikerId", "naam");

-- CreateIndex
CREATE INDEX "Bulkactie_gemeenteId_aangemaaktOp_idx" ON "Bulkactie"("gemeenteId", "aangemaaktOp");

-- CreateIndex
CREATE INDEX "BulkactieItem_bulkactieId_volgorde_idx" ON "BulkactieItem"("bulkactieId", "volgorde");

-- CreateIndex
CREATE UNIQUE INDEX "Gebruiker_uitnodigingHash_key" ON "Gebruiker"("uitnodigingHash");

-- AddForeignKey
ALTER TABLE "Werkbak" ADD CONSTRAINT "Werkbak_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bulkactie" ADD CONSTRAINT "Bulkactie_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bulkactie" ADD CONSTRAINT "Bulkactie_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkactieItem" ADD CONSTRAINT "BulkactieItem_bulkactieId_fkey" FOREIGN KEY ("bulkactieId") REFERENCES "Bulkactie"("id") ON DELETE CASCADE ON UPDATE CASCADE;
