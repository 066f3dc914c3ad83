-- DropForeignKey
ALTER TABLE "Routeringsadres" DROP CONSTRAINT "Routeringsadres_jaar_fkey";
