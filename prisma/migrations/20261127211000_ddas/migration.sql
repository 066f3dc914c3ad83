-- CreateTable
CREATE TABLE "DdasClient" (
    "id" UUID NOT NULL,
    "clientId" VARCHAR(64) NOT NULL,
    "naam" TEXT NOT NULL,
    "secretHash" CHAR(64) NOT NULL,
    "gemeenteIds" UUID[],
    "actief" BOOLEAN NOT NULL DEFAULT true,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ingetrokkenOp" TIMESTAMPTZ(3),

    CONSTRAINT "DdasClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DdasToken" (
    "tokenHash" CHAR(64) NOT NULL,
    "ddasClientId" UUID NOT NULL,
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verlooptOp" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DdasToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE UNIQUE INDEX "DdasClient_clientId_key" ON "DdasClient"("clientId");

-- CreateIndex
CREATE INDEX "DdasToken_ddasClientId_idx" ON "DdasToken"("ddasClientId");

-- AddForeignKey
ALTER TABLE "DdasToken" ADD CONSTRAINT "DdasToken_ddasClientId_fkey" FOREIGN KEY ("ddasClientId") REFERENCES "DdasClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
