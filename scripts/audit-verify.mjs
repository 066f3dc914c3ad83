#!/usr/bin/env node
// Checks the audit log's hash chain (BIO 8.15, tamper evidence): reads every
// entry in chain order, recomputes each hash here, independent of the
// database's own trigger, and compares it with the stored one and with the
// next entry's vorigeHash. Exit 0: intact; exit 1: the first broken entry.
//
//   DATABASE_URL=postgresql://… npm run audit:verify [-- --vanaf <volgnummer>]
//
// --vanaf checks from that place in the chain on, trusting the entry before
// it: a checkpoint an operator anchored earlier (see README, "Auditlog").
import { createHash } from 'node:crypto';
import pg from 'pg';

const GENESIS = '0'.repeat(64);
const BATCH = 5000;

const GEBRUIK = `Gebruik: DATABASE_URL=postgresql://gebruiker:wachtwoord@host:5432/vroegsignaal npm run audit:verify [-- --vanaf <volgnummer>]

Controleert de hashketen van het auditlog: elke regel draagt de hash van de vorige.
Exitcode 0: de keten klopt. Exitcode 1: de eerste regel waar de keten breekt, met de reden.
--vanaf <volgnummer>  controleer vanaf die plaats in de keten (bijvoorbeeld de kop van gisteren).`;

/** The same serialisation as audit_hash() in the migration 20261128000000_audit_hashketen. */
function veld(waarde) {
  if (waarde === null || waarde === undefined) return '-';
  const tekst = String(waarde);
  return `${Buffer.byteLength(tekst, 'utf8')}:${tekst}`;
}

function auditHash(r) {
  const canoniek =
    'v1' +
    veld(r.volgnummer) +
    veld(r.id) +
    veld(r.tijdstip.toISOString()) +
    veld(r.actorType) +
    veld(r.actorId) +
    veld(r.organisatieType) +
    veld(r.organisatieId) +
    veld(r.gemeenteId) +
    veld(r.actie) +
    veld(r.objectType) +
    veld(r.objectId) +
    veld(r.resultaat) +
    veld(r.ip) +
    veld(r.userAgent) +
    veld(r.vorigeHash);
  return createHash('sha256').update(canoniek, 'utf8').digest('hex');
}

function leesOpties(argv) {
  const opties = { vanaf: 1n };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') return { hulp: true };
    if (argv[i] === '--vanaf' && /^\d+$/.test(argv[i + 1] ?? '') && BigInt(argv[i + 1]) >= 1n) {
      opties.vanaf = BigInt(argv[++i]);
      continue;
    }
    return { fout: `Onbekende of onvolledige optie: ${argv[i]}` };
  }
  return opties;
}

async function controleer(client, vanaf) {
  // One snapshot for the whole walk: entries appended meanwhile are left for
  // the next run instead of being half seen.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const kop = (
    await client.query('SELECT volgnummer::text, hash FROM "AuditKetenkop" WHERE id = 1')
  ).rows[0];
  if (!kop) return { fout: 'De ketenkop (tabel AuditKetenkop) ontbreekt.' };
  let verwachtNummer = vanaf;
  let vorigeHash = GENESIS;
  if (vanaf > 1n) {
    const vorige = (
      await client.query('SELECT hash FROM "AuditLog" WHERE volgnummer = $1', [String(vanaf - 1n)])
    ).rows[0];
    if (!vorige) return { fout: `Regel met volgnummer ${vanaf - 1n} (vóór --vanaf) bestaat niet.` };
    vorigeHash = vorige.hash;
  }
  let aantal = 0;
  for (;;) {
    const { rows } = await client.query(
      `SELECT a.id::text, a.volgnummer::text, tijdstip, "actorType", "actorId", "organisatieType",
         "organisatieId", "gemeenteId"::text, actie, "objectType", "objectId", resultaat, ip,
         "userAgent", "vorigeHash", hash
       FROM "AuditLog" a WHERE a.volgnummer >= $1 ORDER BY a.volgnummer LIMIT ${BATCH}`,
      [String(verwachtNummer)],
    );
    for (const r of rows) {
      if (BigInt(r.volgnummer) !== verwachtNummer)
        return {
          fout: `Regel id ${r.id} (volgnummer ${r.volgnummer}): gat in de keten, volgnummer ${verwachtNummer} ontbreekt (verwijderd?).`,
        };
      if (r.vorigeHash !== vorigeHash)
        return {
          fout: `Regel id ${r.id} (volgnummer ${r.volgnummer}): vorigeHash komt niet overeen met de hash van de vorige regel.`,
        };
      if (auditHash(r) !== r.hash)
        return {
          fout: `Regel id ${r.id} (volgnummer ${r.volgnummer}): hash klopt niet met de inhoud (gewijzigd?).`,
        };
      vorigeHash = r.hash;
      verwachtNummer += 1n;
      aantal++;
    }
    if (rows.length < BATCH) break;
  }
  const laatste = verwachtNummer - 1n;
  // Removing the newest entries leaves an intact but shorter chain; the head,
  // moved only by the trigger, still remembers how long it was.
  if (BigInt(kop.volgnummer) !== laatste || (laatste >= vanaf && kop.hash !== vorigeHash))
    return {
      fout: `De ketenkop (volgnummer ${kop.volgnummer}) past niet bij de laatste regel (volgnummer ${laatste}): regels aan het eind verwijderd?`,
    };
  return { aantal, kop };
}

async function main() {
  const opties = leesOpties(process.argv.slice(2));
  if (opties.hulp) {
    console.log(GEBRUIK);
    return 0;
  }
  if (opties.fout || !process.env.DATABASE_URL) {
    console.error(opties.fout ?? 'DATABASE_URL ontbreekt.');
    console.error(GEBRUIK);
    return 2;
  }
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const uitkomst = await controleer(client, opties.vanaf);
    if (uitkomst.fout) {
      console.error(`Auditketen gebroken. ${uitkomst.fout}`);
      return 1;
    }
    console.log(`${uitkomst.aantal} regels, keten klopt.`);
    console.log(`Kop: volgnummer ${uitkomst.kop.volgnummer}, hash ${uitkomst.kop.hash}`);
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (fout) => {
    console.error(`audit:verify mislukt: ${fout.message}`);
    process.exitCode = 2;
  },
);
