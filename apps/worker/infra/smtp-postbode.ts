import type { OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Postbode } from '../../../activities/uitnodiging.activities.js';

/** E-mail over SMTP; a failure surfaces to the activity, which retries with backoff. */
export class SmtpPostbode implements OnModuleDestroy, Postbode {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly afzender: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async verstuur(bericht: {
    aan: string;
    onderwerp: string;
    tekst: string;
    berichtId: string;
    bijlagen?: { bestandsnaam: string; inhoud: Buffer; type: string }[];
  }): Promise<void> {
    await this.transport.sendMail({
      from: this.afzender,
      to: bericht.aan,
      subject: bericht.onderwerp,
      text: bericht.tekst,
      messageId: bericht.berichtId,
      attachments: bericht.bijlagen?.map((b) => ({
        filename: b.bestandsnaam,
        content: b.inhoud,
        contentType: b.type,
      })),
    });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
