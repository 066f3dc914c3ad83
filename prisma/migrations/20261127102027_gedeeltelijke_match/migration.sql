-- AlterTable
ALTER TABLE "Signaal" ADD COLUMN     "gedeeltelijkeMatch" BOOLEAN NOT NULL DEFAULT false;
