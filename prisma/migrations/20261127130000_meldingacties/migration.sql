-- AlterTable
ALTER TABLE "Contactpoging" ADD COLUMN     "notitieId" UUID;

-- AlterTable
ALTER TABLE "Melding" ADD COLUMN     "opgepaktOp" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Meldinggebeurtenis" (
    "id" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "soort" VARCHAR(40) NOT NULL,
    "gegevens" JSONB,
    "gebruikerId" UUID,
    "op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sleutel" TEXT,

    CONSTRAINT "Meldinggebeurtenis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notitie" (
    "id" UUID NOT NULL,
    "meldingId" UUID NOT NULL,
    "tekst" TEXT NOT NULL,
    "gebruikerId" UUID,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notitie_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Meldinggebeurtenis_sleutel_key" ON "Meldinggebeurtenis"("sleutel");

-- CreateIndex
CREATE INDEX "Meldinggebeurtenis_meldingId_op_idx" ON "Meldinggebeurtenis"("meldingId", "op");

-- CreateIndex
CREATE INDEX "Notitie_meldingId_idx" ON "Notitie"("meldingId");

-- CreateIndex
CREATE UNIQUE INDEX "Contactpoging_notitieId_key" ON "Contactpoging"("notitieId");

-- AddForeignKey
ALTER TABLE "Contactpoging" ADD CONSTRAINT "Contactpoging_notitieId_fkey" FOREIGN KEY ("notitieId") REFERENCES "Notitie"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meldinggebeurtenis" ADD CONSTRAINT "Meldinggebeurtenis_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meldinggebeurtenis" ADD CONSTRAINT "Meldinggebeurtenis_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notitie" ADD CONSTRAINT "Notitie_meldingId_fkey" FOREIGN KEY ("meldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notitie" ADD CONSTRAINT "Notitie_gebruikerId_fkey" FOREIGN KEY ("gebruikerId") REFERENCES "Gebruiker"("id") ON DELETE SET NULL ON UPDATE CASCADE;
