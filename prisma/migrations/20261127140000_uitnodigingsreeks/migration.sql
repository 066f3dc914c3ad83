-- AlterTable
ALTER TABLE "Correspondentie" ADD COLUMN     "onderwerp" TEXT,
ADD COLUMN     "ontvanger" TEXT,
ADD COLUMN     "pdf" BYTEA,
ADD COLUMN     "tekst" TEXT;

-- AlterTable
ALTER TABLE "Gemeente" ADD COLUMN     "email" TEXT,
ADD COLUMN     "emailIngeschakeld" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "logoSvg" TEXT,
ADD COLUMN     "postadres" TEXT,
ADD COLUMN     "telefoon" TEXT,
ADD COLUMN     "website" TEXT;

-- CreateTable
CREATE TABLE "Uitnodigingsreeks" (
    "id" UUID NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "versie" INTEGER NOT NULL,
    "stappen" JSONB NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Uitnodigingsreeks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Taak" (
    "id" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "soort" VARCHAR(40) NOT NULL,
    "deadline" DATE NOT NULL,
    "sleutel" TEXT NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "afgerondOp" TIMESTAMPTZ(3),

    CONSTRAINT "Taak_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Uitnodigingsreeks_gemeenteId_versie_key" ON "Uitnodigingsreeks"("gemeenteId", "versie");

-- CreateIndex
CREATE UNIQUE INDEX "Taak_sleutel_key" ON "Taak"("sleutel");

-- CreateIndex
CREATE INDEX "Taak_meldingId_idx" ON "Taak"("meldingId");

-- AddForeignKey
ALTER TABLE "Uitnodigingsreeks" ADD CONSTRAINT "Uitnodigingsreeks_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Taak" ADD CONSTRAINT "Taak_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
