-- CreateEnum
CREATE TYPE "Rapportagestatus" AS ENUM ('BEZIG', 'KLAAR', 'MISLUKT');

-- AlterTable
ALTER TABLE "Gemeente" ADD COLUMN     "rapportageOntvangers" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Rapportage" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "maand" CHAR(7) NOT NULL,
    "status" "Rapportagestatus" NOT NULL DEFAULT 'BEZIG',
    "cijfers" JSONB,
    "xlsx" BYTEA,
    "pdf" BYTEA,
    "verzondenAan" INTEGER NOT NULL DEFAULT 0,
    "verzondenOp" TIMESTAMPTZ(3),
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bijgewerktOp" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Rapportage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rapportage_gemeenteId_maand_key" ON "Rapportage"("gemeenteId", "maand");

-- AddForeignKey
ALTER TABLE "Rapportage" ADD CONSTRAINT "Rapportage_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE CASCADE ON UPDATE CASCADE;
