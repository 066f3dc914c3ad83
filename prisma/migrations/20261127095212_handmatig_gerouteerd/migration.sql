-- AlterTable
ALTER TABLE "Signaal" ADD COLUMN     "handmatigGerouteerd" BOOLEAN NOT NULL DEFAULT false;
