-- CreateTable
CREATE TABLE "OidcConfiguratie" (
    "gemeenteId" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretVersleuteld" TEXT,
    "claim" TEXT NOT NULL DEFAULT 'email',
    "ingeschakeld" BOOLEAN NOT NULL DEFAULT false,
    "gewijzigdOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OidcConfiguratie_pkey" PRIMARY KEY ("gemeenteId")
);

-- CreateTable
CREATE TABLE "OidcInlogpoging" (
    "id" UUID NOT NULL,
    "stateHash" CHAR(64) NOT NULL,
    "browserHash" CHAR(64) NOT NULL,
    "gemeenteId" UUID NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "terugUrl" TEXT NOT NULL,
    "verlooptOp" TIMESTAMPTZ(3) NOT NULL,
    "teruggekeerdOp" TIMESTAMPTZ(3),
    "gebruikerId" UUID,
    "inwisselcodeHash" CHAR(64),
    "inwisselenVoor" TIMESTAMPTZ(3),
    "ingewisseldOp" TIMESTAMPTZ(3),
    "aangemaaktOp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OidcInlogpoging_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OidcInlogpoging_stateHash_key" ON "OidcInlogpoging"("stateHash");

-- CreateIndex
CREATE UNIQUE INDEX "OidcInlogpoging_inwisselcodeHash_key" ON "OidcInlogpoging"("inwisselcodeHash");

-- CreateIndex
CREATE INDEX "OidcInlogpoging_verlooptOp_idx" ON "OidcInlogpoging"("verlooptOp");

-- AddForeignKey
ALTER TABLE "OidcConfiguratie" ADD CONSTRAINT "OidcConfiguratie_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OidcInlogpoging" ADD CONSTRAINT "OidcInlogpoging_gemeenteId_fkey" FOREIGN KEY ("gemeenteId") REFERENCES "Gemeente"("id") ON DELETE CASCADE ON UPDATE CASCADE;
