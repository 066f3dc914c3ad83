-- CreateEnum
CREATE TYPE "Rijstatus" AS ENUM ('ONTVANGEN', 'GEACCEPTEERD', 'AL_BEKEND', 'AFGEWEZEN');

-- AlterTable
ALTER TABLE "Aanlevering" ADD COLUMN     "aantalAlBekend" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "aantalGestart" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "AanleveringRij" (
    "aanleveringId" UUID NOT NULL,
    "rijnummer" INTEGER NOT NULL,
    "gegevens" JSONB NOT NULL,
    "status" "Rijstatus" NOT NULL DEFAULT 'ONTVANGEN',
    "fouten" JSONB,
    "signaalId" UUID,

    CONSTRAINT "AanleveringRij_pkey" PRIMARY KEY ("aanleveringId","rijnummer")
);

-- CreateIndex
CREATE INDEX "AanleveringRij_aanleveringId_status_idx" ON "AanleveringRij"("aanleveringId", "status");

-- AddForeignKey
ALTER TABLE "AanleveringRij" ADD CONSTRAINT "AanleveringRij_aanleveringId_fkey" FOREIGN KEY ("aanleveringId") REFERENCES "Aanlevering"("id") ON DELETE CASCADE ON UPDATE CASCADE;
