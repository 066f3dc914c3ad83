#!/usr/bin/env node
// Example receiver for Vroegsignaal webhooks: plain Node (18+), no packages.
//
//   VROEGSIGNAAL_WEBHOOK_GEHEIM=whsec_…   the secret from POST /v1/webhookabonnementen
//   VROEGSIGNAAL_API_SLEUTEL=vs_…         an API key of your gemeente (POST /v1/apisleutels)
//   VROEGSIGNAAL_API_URL=https://vroegsignaal.example.nl   (without /v1)
//   POORT=8080                            0 picks a free port
//   node docs/voorbeelden/webhookontvanger.mjs
//
// For every message it checks the signature and its age (older than 5
// minutes is refused: a replay), skips a message id it already handled
// (Vroegsignaal delivers at least once), and fetches the melding through the
// API with the key: the message itself carries ids and codes only.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const GEHEIM = vereist('VROEGSIGNAAL_WEBHOOK_GEHEIM');
const SLEUTEL = vereist('VROEGSIGNAAL_API_SLEUTEL');
const API_URL = vereist('VROEGSIGNAAL_API_URL').replace(/\/$/, '');
const POORT = Number(process.env.POORT ?? 8080);
const MAXIMALE_LEEFTIJD_SECONDEN = 5 * 60;

function vereist(naam) {
  const waarde = process.env[naam];
  if (!waarde) {
    console.error(`Zet ${naam} in de omgeving.`);
    process.exit(2);
  }
  return waarde;
}

/** Vroegsignaal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")> */
function handtekeningKlopt(header, ruweBody) {
  if (typeof header !== 'string') return 'geen Vroegsignaal-Signature';
  const delen = header.split(',').map((d) => d.trim().split('='));
  const t = Number(delen.find(([k]) => k === 't')?.[1]);
  const v1 = delen.filter(([k]) => k === 'v1').map(([, v]) => Buffer.from(v ?? '', 'hex'));
  if (!Number.isInteger(t) || v1.length === 0) return 'onleesbare handtekening';
  if (Math.abs(Date.now() / 1000 - t) > MAXIMALE_LEEFTIJD_SECONDEN) return 'te oud (replay?)';
  const verwacht = createHmac('sha256', GEHEIM).update(`${t}.${ruweBody}`).digest();
  const klopt = v1.some((h) => h.length === verwacht.length && timingSafeEqual(h, verwacht));
  return klopt ? null : 'handtekening klopt niet';
}

const verwerkt = new Set(); // in production: a table with a unique key on the message id

const server = createServer((verzoek, antwoord) => {
  const stukken = [];
  verzoek.on('data', (stuk) => stukken.push(stuk));
  verzoek.on('end', () => {
    void (async () => {
      const ruweBody = Buffer.concat(stukken).toString('utf8');
      const fout = handtekeningKlopt(verzoek.headers['vroegsignaal-signature'], ruweBody);
      if (fout) {
        console.log(`GEWEIGERD: ${fout}`);
        antwoord.writeHead(401).end();
        return;
      }
      const bericht = JSON.parse(ruweBody);
      if (verwerkt.has(bericht.id)) {
        antwoord.writeHead(200).end();
        return;
      }
      // Details through the authenticated API, with the gemeente's own key.
      const melding = await fetch(`${API_URL}/v1/meldingen/${bericht.melding.id}`, {
        headers: { 'x-api-key': SLEUTEL },
      });
      if (!melding.ok) {
        console.log(`FOUT: melding ${bericht.melding.id} ophalen gaf HTTP ${melding.status}`);
        antwoord.writeHead(503).end(); // Vroegsignaal tries again later
        return;
      }
      const details = await melding.json();
      verwerkt.add(bericht.id);
      console.log(
        `${bericht.type} melding=${details.id} status=${details.status} gemeente=${bericht.gemeente} signalen=${details.aantalSignalen}`,
      );
      antwoord.writeHead(200).end();
    })().catch((e) => {
      console.log(`FOUT: ${e instanceof Error ? e.message : String(e)}`);
      antwoord.writeHead(500).end();
    });
  });
});

server.listen(POORT, '127.0.0.1', () => {
  console.log(`luistert op http://127.0.0.1:${server.address().port}/`);
});
