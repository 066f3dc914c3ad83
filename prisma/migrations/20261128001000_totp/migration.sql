-- AlterTable
ALTER TABLE "Gebruiker" ADD COLUMN     "totpActief" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "totpGeheim" TEXT,
ADD COLUMN     "totpLaatsteStap" INTEGER;

-- AlterTable
ALTER TABLE "Gemeente" ADD COLUMN     "totpVerplicht" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Sessie" ADD COLUMN     "laatstGebruiktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
