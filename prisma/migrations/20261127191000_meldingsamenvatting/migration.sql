-- AlterTable
ALTER TABLE "Melding" ADD COLUMN     "kernIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "signaalpartnerTypen" "SignaalpartnerType"[] DEFAULT ARRAY[]::"SignaalpartnerType"[],
ADD COLUMN     "totaalBedragInCenten" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "wijkIds" UUID[] DEFAULT ARRAY[]::UUID[];

-- The melding's summary of its signals, recomputed for the given meldingen
-- in one statement: by the trigger below for the one a signal touches, and
-- for all of them after a bulk load (with the trigger disabled).
CREATE FUNCTION "vat_meldingen_samen"(meldingen UUID[]) RETURNS VOID AS $$
  UPDATE "Melding" m SET
    "wijkIds" = COALESCE(s.wijken, ARRAY[]::UUID[]),
    "kernIds" = COALESCE(s.kernen, ARRAY[]::UUID[]),
    "signaalpartnerTypen" = COALESCE(s.typen, ARRAY[]::"SignaalpartnerType"[]),
    "totaalBedragInCenten" = COALESCE(s.totaal, 0)
  FROM (
    SELECT mm."id",
      array_agg(DISTINCT sg."wijkId") FILTER (WHERE sg."wijkId" IS NOT NULL) AS wijken,
      array_agg(DISTINCT sg."kernId") FILTER (WHERE sg."kernId" IS NOT NULL) AS kernen,
      array_agg(DISTINCT sp."type") FILTER (WHERE sp."type" IS NOT NULL) AS typen,
      SUM(sg."bedragInCenten") FILTER (WHERE sg."ingetrokkenOp" IS NULL) AS totaal
    FROM unnest(meldingen) AS mm("id")
    LEFT JOIN "Signaal" sg ON sg."meldingId" = mm."id"
    LEFT JOIN "Signaalpartner" sp ON sp."id" = sg."signaalpartnerId"
    GROUP BY mm."id"
  ) s
  WHERE m."id" = s."id";
$$ LANGUAGE sql;

-- The melding row is locked before the recount, so a concurrent signal's
-- transaction waits and then counts what is committed (each statement of a
-- READ COMMITTED function sees the latest commits): no signal is missed.
CREATE FUNCTION "signaal_wijzigt_melding"() RETURNS TRIGGER AS $$
DECLARE
  betrokken UUID[];
BEGIN
  betrokken := ARRAY[]::UUID[];
  IF TG_OP <> 'INSERT' AND OLD."meldingId" IS NOT NULL THEN
    betrokken := betrokken || OLD."meldingId";
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."meldingId" IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW."meldingId" IS DISTINCT FROM OLD."meldingId") THEN
    betrokken := betrokken || NEW."meldingId";
  END IF;
  IF cardinality(betrokken) = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM "Melding" WHERE "id" = ANY(betrokken) ORDER BY "id" FOR UPDATE;
  PERFORM "vat_meldingen_samen"(betrokken);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "signaal_wijzigt_melding"
AFTER INSERT OR DELETE OR UPDATE OF "meldingId", "wijkId", "kernId", "signaalpartnerId", "bedragInCenten", "ingetrokkenOp"
ON "Signaal" FOR EACH ROW EXECUTE FUNCTION "signaal_wijzigt_melding"();

-- Meldingen that exist already.
SELECT "vat_meldingen_samen"(ARRAY(SELECT "id" FROM "Melding"));
