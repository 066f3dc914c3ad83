-- AlterTable
ALTER TABLE "AanleveringRij" ADD COLUMN     "bronregel" INTEGER,
ADD COLUMN     "origineel" JSONB;

-- CreateTable
CREATE TABLE "Aanleveringsbestand" (
    "aanleveringId" UUID NOT NULL,
    "soort" TEXT NOT NULL,
    "inhoud" BYTEA NOT NULL,

    CONSTRAINT "Aanleveringsbestand_pkey" PRIMARY KEY ("aanleveringId")
);

-- AddForeignKey
ALTER TABLE "Aanleveringsbestand" ADD CONSTRAINT "Aanleveringsbestand_aanleveringId_fkey" FOREIGN KEY ("aanleveringId") REFERENCES "Aanlevering"("id") ON DELETE CASCADE ON UPDATE CASCADE;
