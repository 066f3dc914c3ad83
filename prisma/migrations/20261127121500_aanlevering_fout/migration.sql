-- AlterTable
ALTER TABLE "Aanlevering" ADD COLUMN     "fout" JSONB;
