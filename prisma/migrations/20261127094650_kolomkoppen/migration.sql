-- AlterTable
ALTER TABLE "Aanlevering" ADD COLUMN     "kolomkoppen" JSONB;
