-- AlterTable
ALTER TABLE "Signaal" ADD COLUMN     "ingetrokkenOp" TIMESTAMPTZ(3),
ADD COLUMN     "intrekkingsreden" VARCHAR(200);
