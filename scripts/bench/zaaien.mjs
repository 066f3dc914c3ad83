// The benchmarks' data: a gemeente's read model as the workflows would have
// left it, written straight into PostgreSQL with generate_series, because a
// benchmark of reads needs 100,000 meldingen in seconds, not a day of intake.

/**
 * Seeds `meldingen` meldingen with their signals (1.36 per melding on
 * average, exactly `signalenVoor(meldingen)`) and personal data into the demo
 * gemeente `gemeente` (the part of its demo e-mail addresses after the @,
 * without ".demo"). `referentie` prefixes the signals' references, which are
 * unique per creditor: seeding a second gemeente needs another prefix.
 * `analyseer: false` leaves the VACUUM ANALYZE to the caller, who seeds more.
 */
export async function zaaiWerkvoorraad(
  db,
  { gemeente: naam, meldingen: aantal, referentie = 'BENCH', analyseer = true },
) {
  const {
    rows: [gemeente],
  } = await db.query(
    `SELECT g.id FROM "Gemeente" g JOIN "Gebruiker" u ON u."gemeenteId" = g.id
    WHERE u.email = $1`,
    [`behandelaar@${naam}.demo`],
  );
  const { rows: behandelaars } = await db.query(
    `SELECT id FROM "Gebruiker" WHERE "gemeenteId" = $1 AND rol <> 'SIGNAALPARTNER'`,
    [gemeente.id],
  );
  const { rows: wijken } = await db.query(`SELECT id FROM "Wijk" WHERE "gemeenteId" = $1`, [
    gemeente.id,
  ]);
  const { rows: kernen } = await db.query(
    `SELECT k.id, o."wijkId" FROM "Kern" k JOIN "KernOnderdeel" o ON o."kernId" = k.id
      WHERE k."gemeenteId" = $1 AND o."wijkId" IS NOT NULL`,
    [gemeente.id],
  );
  const { rows: partners } = await db.query(`SELECT id FROM "Signaalpartner" ORDER BY naam`);
  if (!wijken.length || !partners.length) throw new Error('demo zonder wijken of signaalpartners');
  const wijkIds = wijken.map((w) => w.id);
  const kernVanWijk = Object.fromEntries(kernen.map((k) => [k.wijkId, k.id]));
  await db.query('BEGIN');
  // Statuses 40/30/30, match 55/30/15, 3% crisis, deadlines spread around now
  // so about a fifth is late; opened over the last two years.
  await db.query(
    `CREATE TEMP TABLE bench_melding ON COMMIT DROP AS
     SELECT i, gen_random_uuid() AS id,
       (CASE WHEN i % 10 < 4 THEN 'OPEN' WHEN i % 10 < 7 THEN 'IN_BEHANDELING' ELSE 'AFGESLOTEN' END)
         ::"Meldingstatus" AS status,
       (CASE WHEN i % 20 < 11 THEN 'ENKELVOUDIG' WHEN i % 20 < 17 THEN 'MEERVOUDIG' ELSE 'OPEENVOLGEND' END)
         ::"Matchtype" AS matchtype,
       (i % 33 = 0) AS crisis,
       now() - ((i::bigint * 7919) % 730) * interval '1 day' - (i % 86400) * interval '1 second' AS "geopendOp"
     FROM generate_series(1, $1::int) i`,
    [aantal],
  );
  await db.query(
    `INSERT INTO "Melding" (id, "gemeenteId", adressleutel, "openSleutel", status, matchtype, crisis,
        "behandelaarId", "geopendOp", "opgepaktOp", "afgeslotenOp", resultaat,
        "termijnOppakken", "termijnEersteContact", "eersteContactOp")
     SELECT b.id, $1::uuid, 'BENCH|' || b.i,
       CASE WHEN b.status <> 'AFGESLOTEN' THEN $1::text || '|BENCH|' || b.i END,
       b.status, b.matchtype, b.crisis,
       CASE WHEN b.status <> 'OPEN' THEN ($2::uuid[])[1 + b.i % array_length($2::uuid[], 1)] END,
       b."geopendOp",
       CASE WHEN b.status <> 'OPEN' THEN b."geopendOp" + interval '3 days' END,
       CASE WHEN b.status = 'AFGESLOTEN' THEN b."geopendOp" + interval '40 days' END,
       CASE WHEN b.status = 'AFGESLOTEN' THEN 'INWONER_HEEFT_ZELF_BETAALD'::"Resultaat" END,
       now() + ((b.i % 50) - 10) * interval '1 day',
       now() + ((b.i % 40) - 8) * interval '1 day',
       CASE WHEN b.status = 'IN_BEHANDELING' AND b.i % 3 = 0 THEN b."geopendOp" + interval '5 days' END
     FROM bench_melding b`,
    [gemeente.id, behandelaars.map((b) => b.id)],
  );
  // One signal each, a second for meervoudig, a third for every fifth of those.
  await db.query(
    `CREATE TEMP TABLE bench_signaal ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, b.i, k, b.id AS "meldingId", b.crisis, b."geopendOp",
       ($1::uuid[])[1 + (b.i * 31 + k * 7) % array_length($1::uuid[], 1)] AS "wijkId",
       ($2::uuid[])[1 + (b.i + k) % array_length($2::uuid[], 1)] AS "signaalpartnerId"
     FROM bench_melding b
     CROSS JOIN LATERAL generate_series(1,
       CASE WHEN b.matchtype = 'MEERVOUDIG' THEN 2 + (b.i % 5 = 0)::int ELSE 1 END) k`,
    [wijkIds, partners.map((p) => p.id)],
  );
  // A bulk load summarises every melding once at the end instead of per signal.
  await db.query('ALTER TABLE "Signaal" DISABLE TRIGGER "signaal_wijzigt_melding"');
  await db.query(
    `INSERT INTO "Signaal" (id, "signaalpartnerId", referentie, signaaldatum, ontstaansdatum,
        "bedragInCenten", crisissignaal, routeringsstatus, routeringsjaar, "gemeenteId", "wijkId",
        "kernId", "gerouteerdOp", signaalstatus, "meldingId", "ontvangenOp", "ingetrokkenOp")
     SELECT s.id, s."signaalpartnerId", $3::text || '-' || s.i || '-' || s.k,
       (s."geopendOp" - s.k * interval '1 day')::date, (s."geopendOp" - interval '90 days')::date,
       2500 + ((s.i::bigint * 104729 + s.k * 7) % 400000)::int, s.crisis, 'GEROUTEERD', 2026, $1::uuid, s."wijkId",
       (($2::jsonb) ->> s."wijkId"::text)::uuid, s."geopendOp", 'NOG_NIET_OPGEPAKT', s."meldingId",
       s."geopendOp", CASE WHEN s.i % 50 = 0 THEN s."geopendOp" + interval '10 days' END
     FROM bench_signaal s`,
    [gemeente.id, JSON.stringify(kernVanWijk), referentie],
  );
  await db.query('ALTER TABLE "Signaal" ENABLE TRIGGER "signaal_wijzigt_melding"');
  await db.query('SELECT "vat_meldingen_samen"(ARRAY(SELECT id FROM bench_melding))');
  await db.query(
    `INSERT INTO "SignaalPersoonsgegevens" ("signaalId", voorletters, achternaam, geboortedatum,
        straat, postcode, huisnummer, woonplaats, adressleutel)
     SELECT s.id, chr(65 + s.i % 26) || '.', 'Benchpersoon' || s.i,
       date '1950-01-01' + (s.i % 18000), 'Benchstraat', '8600' || chr(65 + s.i % 26) || chr(65 + (s.i / 26) % 26),
       1 + s.i % 200, 'Sneek', 'BENCH|' || s.i
     FROM bench_signaal s`,
  );
  await db.query('COMMIT');
  // As autovacuum leaves a table in production: statistics and a visibility map.
  if (analyseer) await db.query('VACUUM ANALYZE');
}

/**
 * How many signals zaaiWerkvoorraad seeds with `meldingen` meldingen: one per
 * melding, two for a meervoudige (i % 20 in 11..16), three for every fifth of those.
 */
export function signalenVoor(meldingen) {
  const extraVoor = (n) => {
    let extra = 0;
    for (let i = 1; i <= n; i++) if (i % 20 >= 11 && i % 20 < 17) extra += 1 + (i % 5 === 0);
    return extra;
  };
  // The pattern repeats every 100 meldingen (lcm of 20 and 5): 30 second and 5 third signals.
  const volle = Math.floor(meldingen / 100);
  return meldingen + volle * 35 + extraVoor(meldingen % 100);
}

/**
 * Seeds at least `signalen` signals (at most two more) over several demo
 * gemeenten, `verdeling` giving each gemeente's share, e.g. { utrecht: 0.6,
 * zwolle: 0.25, sudwestfryslan: 0.15 }; the last one takes what is left.
 * Then one VACUUM ANALYZE. Returns the meldingen and signals per gemeente.
 */
export async function zaaiSignalen(db, { signalen, verdeling }) {
  const namen = Object.keys(verdeling);
  const gezaaid = {};
  let over = signalen;
  for (const [index, naam] of namen.entries()) {
    const doel = index === namen.length - 1 ? over : Math.round(signalen * verdeling[naam]);
    // The fewest meldingen whose signals reach the target.
    let meldingen = Math.max(1, Math.floor(doel / 1.35) - 100);
    while (signalenVoor(meldingen) < doel) meldingen++;
    await zaaiWerkvoorraad(db, {
      gemeente: naam,
      meldingen,
      referentie: `BENCH-${naam}`,
      analyseer: false,
    });
    gezaaid[naam] = { meldingen, signalen: signalenVoor(meldingen) };
    over -= gezaaid[naam].signalen;
  }
  await db.query('VACUUM ANALYZE');
  return gezaaid;
}
