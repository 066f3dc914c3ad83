import type { OnModuleDestroy } from '@nestjs/common';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { Drukker } from '../../../activities/uitnodiging.activities.js';

// Flags that work without a display, a sandbox user or /dev/shm of any size.
const VLAGGEN = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Letters to PDF in Debian's Chromium. One browser per worker, started on the
 * first letter and restarted when it died; a page per letter.
 */
export class ChromiumDrukker implements OnModuleDestroy, Drukker {
  private browser: Promise<Browser> | undefined;

  constructor(private readonly pad: string) {}

  async drukAf(html: string): Promise<Buffer> {
    const browser = await this.start();
    const pagina = await browser.newPage();
    try {
      // Letters carry everything inline; nothing may be fetched from elsewhere.
      await pagina.setJavaScriptEnabled(false);
      await pagina.setContent(html, { waitUntil: 'load' });
      return Buffer.from(await pagina.pdf({ format: 'A4', printBackground: true }));
    } finally {
      await pagina.close();
    }
  }

  private start(): Promise<Browser> {
    // Over a pipe rather than a port: when the worker dies, even by SIGKILL,
    // Chromium sees the pipe close and exits instead of lingering.
    this.browser ??= puppeteer
      .launch({
        executablePath: this.pad,
        args: VLAGGEN,
        pipe: true,
        // The worker decides when Chromium stops: letters being printed at
        // SIGTERM get the worker's grace period instead of "Target closed".
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      })
      .then((b) => {
        b.once('disconnected', () => (this.browser = undefined));
        return b;
      });
    return this.browser;
  }

  async onModuleDestroy(): Promise<void> {
    const browser = await this.browser?.catch(() => undefined);
    this.browser = undefined;
    await browser?.close();
  }
}
