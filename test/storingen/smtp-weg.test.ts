import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { meldingWorkflowId } from '../../workflows/contracts.js';
import { controleerIntegriteit } from '../hulp/integriteit.js';
import { wachtTot } from '../hulp/omgeving.js';
import { vrijePoort } from '../hulp/poorten.js';
import {
  METEEN_BRIEF_EN_EMAIL,
  type Proefgemeente,
  richtProefgemeenteIn,
} from '../hulp/proefgemeente.js';
import { eenSignaal } from '../hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from '../hulp/stack.js';

// Fault 5: the mail server is down while outreach e-mails are due. The
// letters of the same step go out regardless; the e-mails wait and retry
// (backoff from 1 s, doubling), and once a mail server listens on the same
// port again each e-mail arrives exactly once.

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const AANTAL = 3;

/** A real SMTP server on a given port, collecting into a shared list. */
async function smtpOp(poort: number, post: ParsedMail[]): Promise<() => Promise<void>> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stroom, _sessie, klaar) {
      simpleParser(stroom).then(
        (mail) => {
          post.push(mail);
          klaar();
        },
        (fout: Error) => klaar(fout),
      );
    },
  });
  await new Promise<void>((r) => smtp.listen(poort, '127.0.0.1', r));
  return () => new Promise<void>((r) => smtp.close(() => r()));
}

describe('storing 5: the SMTP server is down', () => {
  let stack: Teststack;
  let gemeente: Proefgemeente;
  let poort: number;
  const post: ParsedMail[] = [];

  beforeAll(async () => {
    poort = await vrijePoort();
    stack = await startStack({ SMTP_URL: `smtp://127.0.0.1:${poort}` });
    gemeente = await richtProefgemeenteIn(stack, {
      code: '9715',
      naam: 'Postloos',
      wijken: [{ code: '971501', naam: 'Centrum', huisnummers: [1, 10] }],
      instellingen: { emailIngeschakeld: true },
      // The e-mail comes first: a letter after it must not wait for it.
      uitnodigingsreeks: [...METEEN_BRIEF_EN_EMAIL].reverse(),
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the letters meanwhile and each e-mail once after recovery', async () => {
    const sinds = new Date();
    // Nothing listens on the mail port.
    const referenties: string[] = [];
    for (let huisnummer = 1; huisnummer <= AANTAL; huisnummer++) {
      const signaal = eenSignaal({
        adres: { postcode: gemeente.postcode, huisnummer, woonplaats: 'Postloos' },
        contact: { email: `bewoner${huisnummer}@postloos.test` },
      });
      referenties.push(signaal.referentie);
      const { status } = await http('POST', `${stack.basis}/signalen`, {
        apiSleutel: ZORG.apiSleutel,
        body: signaal,
      });
      expect(status).toBe(201);
    }
    const partner = await stack.prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: ZORG.naam },
    });
    const inGemeente = { melding: { gemeenteId: gemeente.id } };

    // Letters go out while the mail server is still away.
    await wachtTot(
      async () =>
        (await stack.prisma.correspondentie.count({
          where: { ...inGemeente, kanaal: 'BRIEF', status: 'VERZONDEN' },
        })) === AANTAL,
      { wat: 'brieven verzonden zonder mailserver', timeoutMs: 120_000 },
    );
    // And the e-mails really hit the outage: planned, not sent, their activity retrying.
    const meldingen = await stack.prisma.melding.findMany({
      where: { gemeenteId: gemeente.id },
      select: { id: true },
    });
    expect(meldingen).toHaveLength(AANTAL);
    await wachtTot(
      async () => {
        for (const { id } of meldingen) {
          const { raw } = await stack.temporal.workflow.getHandle(meldingWorkflowId(id)).describe();
          if (!raw.pendingActivities?.some((a) => (a.attempt ?? 0) > 1)) return false;
        }
        return true;
      },
      { wat: 'e-mails in herhaling', timeoutMs: 30_000 },
    );
    expect(
      await stack.prisma.correspondentie.count({
        where: { ...inGemeente, kanaal: 'EMAIL', status: 'GEPLAND' },
      }),
    ).toBe(AANTAL);
    expect(post).toHaveLength(0);

    // The mail server is back, on the same port.
    const stopSmtp = await smtpOp(poort, post);
    try {
      await wachtTot(
        async () =>
          (await stack.prisma.correspondentie.count({
            where: { ...inGemeente, kanaal: 'EMAIL', status: 'VERZONDEN' },
          })) === AANTAL,
        { wat: 'e-mails verzonden na herstel', timeoutMs: 120_000 },
      );
      const aan = post.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text).sort();
      expect(aan).toEqual(
        Array.from({ length: AANTAL }, (_, i) => `bewoner${i + 1}@postloos.test`).sort(),
      );
      expect(new Set(post.map((m) => m.messageId)).size).toBe(AANTAL);

      const telling = await controleerIntegriteit({
        prisma: stack.prisma,
        temporal: stack.temporal,
        taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
        referenties: referenties.map((referentie) => ({
          signaalpartnerId: partner.id,
          referentie,
        })),
        post,
        sinds,
      });
      expect(telling).toMatchObject({ signalen: AANTAL, brieven: AANTAL, emails: AANTAL });
      expect(post).toHaveLength(AANTAL);
    } finally {
      await stopSmtp();
    }
  }, 300_000);
});
