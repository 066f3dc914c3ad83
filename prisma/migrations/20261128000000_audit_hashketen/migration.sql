-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "gemeenteId" UUID,
ADD COLUMN     "hash" CHAR(64),
ADD COLUMN     "volgnummer" BIGINT,
ADD COLUMN     "vorigeHash" CHAR(64);

-- CreateTable
CREATE TABLE "AuditKetenkop" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "volgnummer" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "AuditKetenkop_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_volgnummer_key" ON "AuditLog"("volgnummer");

-- CreateIndex
CREATE INDEX "AuditLog_gemeenteId_tijdstip_idx" ON "AuditLog"("gemeenteId", "tijdstip");

-- Tamper evidence for the audit log (BIO 8.15, issue 7). Every entry carries
-- the hash of the one before it, so changing or removing an entry breaks the
-- chain from there on; `npm run audit:verify` recomputes it. The chain is
-- built here, in a BEFORE INSERT trigger, so createMany, INSERT … SELECT and
-- any future insert path are chained and no application code can forget it.

-- The canonical serialisation: every field length-prefixed (UTF-8 bytes) or
-- '-' for null, in a fixed order, so no value can shift into the next one.
-- scripts/audit-verify.mjs repeats it byte for byte; change both or neither.
CREATE FUNCTION audit_veld(waarde text) RETURNS text AS $$
  SELECT CASE WHEN waarde IS NULL THEN '-' ELSE octet_length(waarde)::text || ':' || waarde END
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION audit_hash(r "AuditLog") RETURNS text AS $$
  SELECT encode(sha256(convert_to(
    'v1' ||
    audit_veld(r."volgnummer"::text) ||
    audit_veld(r."id"::text) ||
    audit_veld(to_char(r."tijdstip" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ||
    audit_veld(r."actorType") ||
    audit_veld(r."actorId") ||
    audit_veld(r."organisatieType") ||
    audit_veld(r."organisatieId") ||
    audit_veld(r."gemeenteId"::text) ||
    audit_veld(r."actie") ||
    audit_veld(r."objectType") ||
    audit_veld(r."objectId") ||
    audit_veld(r."resultaat") ||
    audit_veld(r."ip") ||
    audit_veld(r."userAgent") ||
    audit_veld(r."vorigeHash"), 'UTF8')), 'hex')
$$ LANGUAGE sql STABLE;

-- The first insert of a transaction locks the head row, so concurrent
-- transactions append one after the other (chain order is commit order and
-- numbers have no gaps: a rolled-back append rolls the head back too). The
-- head then travels in a transaction-local setting from row to row: reading
-- and updating the head row per row would make an export of 100,000
-- meldingen walk an ever longer chain of row versions. The statement trigger
-- below writes it back once per statement.
CREATE FUNCTION audit_keten_schakel() RETURNS trigger AS $$
DECLARE
  kop text := current_setting('vroegsignaal.auditketenkop', true);
  vorig_nummer bigint;
  vorige_hash text;
BEGIN
  IF kop IS NULL OR kop = '' THEN
    SELECT volgnummer, hash INTO vorig_nummer, vorige_hash
      FROM "AuditKetenkop" WHERE id = 1 FOR UPDATE;
    IF vorig_nummer IS NULL THEN
      RAISE EXCEPTION 'AuditKetenkop ontbreekt: de auditketen kan niet worden voortgezet';
    END IF;
  ELSE
    vorig_nummer := split_part(kop, ':', 1)::bigint;
    vorige_hash := split_part(kop, ':', 2);
  END IF;
  NEW."volgnummer" := vorig_nummer + 1;
  NEW."vorigeHash" := vorige_hash;
  NEW."hash" := audit_hash(NEW);
  PERFORM set_config('vroegsignaal.auditketenkop', NEW."volgnummer" || ':' || NEW."hash", true);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION audit_keten_kop_bij() RETURNS trigger AS $$
DECLARE
  kop text := current_setting('vroegsignaal.auditketenkop', true);
BEGIN
  IF kop IS NOT NULL AND kop <> '' THEN
    UPDATE "AuditKetenkop"
      SET volgnummer = split_part(kop, ':', 1)::bigint, hash = split_part(kop, ':', 2)
      WHERE id = 1;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Entries written before this migration: the gemeente they are about, then
-- chained in id order (the only moment the log is ever updated).
ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_alleen_toevoegen;

UPDATE "AuditLog" SET "gemeenteId" = "organisatieId"::uuid
  WHERE "organisatieType" = 'gemeente'
    AND "organisatieId" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

DO $$
DECLARE
  r "AuditLog";
  nummer bigint := 0;
  vorige text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM "AuditLog" ORDER BY id LOOP
    nummer := nummer + 1;
    r."volgnummer" := nummer;
    r."vorigeHash" := vorige;
    vorige := audit_hash(r);
    UPDATE "AuditLog" SET "volgnummer" = nummer, "vorigeHash" = r."vorigeHash", "hash" = vorige
      WHERE id = r.id;
  END LOOP;
  INSERT INTO "AuditKetenkop" (id, volgnummer, hash) VALUES (1, nummer, vorige);
END;
$$;

ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_alleen_toevoegen;

ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_in_keten"
  CHECK ("volgnummer" IS NOT NULL AND "vorigeHash" IS NOT NULL AND "hash" IS NOT NULL);

CREATE TRIGGER audit_keten_schakel
  BEFORE INSERT ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION audit_keten_schakel();

CREATE TRIGGER audit_keten_kop_bij
  AFTER INSERT ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_keten_kop_bij();

-- The head is part of the evidence: it may only move forward through the trigger.
CREATE FUNCTION audit_ketenkop_blijft() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditKetenkop kan niet worden verwijderd';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_ketenkop_blijft
  BEFORE DELETE ON "AuditKetenkop"
  FOR EACH ROW EXECUTE FUNCTION audit_ketenkop_blijft();

CREATE TRIGGER audit_ketenkop_niet_legen
  BEFORE TRUNCATE ON "AuditKetenkop"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_ketenkop_blijft();
