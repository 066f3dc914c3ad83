-- AlterTable
ALTER TABLE "Melding" ADD COLUMN     "profielId" INTEGER;

-- CreateTable
CREATE TABLE "Meldingprofiel" (
    "id" SERIAL NOT NULL,
    "wijkIds" UUID[],
    "kernIds" UUID[],
    "signaalpartnerTypen" "SignaalpartnerType"[],

    CONSTRAINT "Meldingprofiel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Meldingprofiel_wijkIds_kernIds_signaalpartnerTypen_key" ON "Meldingprofiel"("wijkIds", "kernIds", "signaalpartnerTypen");

-- AddForeignKey
ALTER TABLE "Melding" ADD CONSTRAINT "Melding_profielId_fkey" FOREIGN KEY ("profielId") REFERENCES "Meldingprofiel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The number of a combination, added the first time it is seen. A
-- concurrent transaction may add the same one first: ON CONFLICT waits for
-- it, and the SELECT after that (a new statement, so a new snapshot) finds it.
CREATE FUNCTION "meldingprofiel"(wijken UUID[], kernen UUID[], typen "SignaalpartnerType"[])
RETURNS INTEGER AS $$
DECLARE
  nummer INTEGER;
BEGIN
  SELECT "id" INTO nummer FROM "Meldingprofiel"
    WHERE "wijkIds" = wijken AND "kernIds" = kernen AND "signaalpartnerTypen" = typen;
  IF nummer IS NULL THEN
    INSERT INTO "Meldingprofiel" ("wijkIds", "kernIds", "signaalpartnerTypen")
      VALUES (wijken, kernen, typen) ON CONFLICT DO NOTHING RETURNING "id" INTO nummer;
  END IF;
  IF nummer IS NULL THEN
    SELECT "id" INTO nummer FROM "Meldingprofiel"
      WHERE "wijkIds" = wijken AND "kernIds" = kernen AND "signaalpartnerTypen" = typen;
  END IF;
  RETURN nummer;
END;
$$ LANGUAGE plpgsql;

-- The summary of 20261127191000, now with its profile; a withdrawn
-- signal's creditor type no longer counts, as its amount already did not.
CREATE OR REPLACE FUNCTION "vat_meldingen_samen"(meldingen UUID[]) RETURNS VOID AS $$
  UPDATE "Melding" m SET
    "wijkIds" = s.wijken,
    "kernIds" = s.kernen,
    "signaalpartnerTypen" = s.typen,
    "profielId" = "meldingprofiel"(s.wijken, s.kernen, s.typen),
    "totaalBedragInCenten" = s.totaal
  FROM (
    SELECT mm."id",
      COALESCE(array_agg(DISTINCT sg."wijkId") FILTER (WHERE sg."wijkId" IS NOT NULL), ARRAY[]::UUID[]) AS wijken,
      COALESCE(array_agg(DISTINCT sg."kernId") FILTER (WHERE sg."kernId" IS NOT NULL), ARRAY[]::UUID[]) AS kernen,
      COALESCE(array_agg(DISTINCT sp."type") FILTER (WHERE sp."type" IS NOT NULL AND sg."ingetrokkenOp" IS NULL), ARRAY[]::"SignaalpartnerType"[]) AS typen,
      COALESCE(SUM(sg."bedragInCenten") FILTER (WHERE sg."ingetrokkenOp" IS NULL), 0) AS totaal
    FROM unnest(meldingen) AS mm("id")
    LEFT JOIN "Signaal" sg ON sg."meldingId" = mm."id"
    LEFT JOIN "Signaalpartner" sp ON sp."id" = sg."signaalpartnerId"
    GROUP BY mm."id"
  ) s
  WHERE m."id" = s."id";
$$ LANGUAGE sql;

-- Meldingen that exist already.
SELECT "vat_meldingen_samen"(ARRAY(SELECT "id" FROM "Melding"));
