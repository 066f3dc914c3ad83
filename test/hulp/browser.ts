import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from '@jest/globals';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

// Driving the browser app as a user does, in real Chromium: what counts is
// the text on the screen and what axe-core finds, not the API's answers.

const axeBron = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function startBrowser(chromium: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    defaultViewport: { width: 1280, height: 900 },
    pipe: true,
  });
}

/** Collects what the browser refused under the Content-Security-Policy, to show none happened. */
export function cspWeigeringen(pagina: Page): string[] {
  const weigeringen: string[] = [];
  pagina.on('console', (bericht) => {
    if (/Content Security Policy/i.test(bericht.text())) weigeringen.push(bericht.text());
  });
  return weigeringen;
}

export async function tekstOp(pagina: Page): Promise<string> {
  // Intl puts a no-break space between € and the amount.
  return ((await pagina.evaluate('document.body.innerText')) as string).replace(/\u00a0/g, ' ');
}

export async function wachtOpTekst(pagina: Page, tekst: string, timeout = 20_000): Promise<void> {
  try {
    await pagina.waitForFunction(
      `document.body.innerText.replace(/\\u00a0/g, ' ').includes(${JSON.stringify(tekst)})`,
      { timeout },
    );
  } catch (fout) {
    // What the user saw instead says more than a timeout.
    throw new Error(`"${tekst}" niet op de pagina; wel: ${await tekstOp(pagina)}`, {
      cause: fout,
    });
  }
}

export async function logIn(pagina: Page, email: string, wachtwoord: string): Promise<void> {
  await pagina.waitForSelector('#email');
  // Typing over a selection replaces what an earlier attempt left in the field.
  await pagina.click('#email', { count: 3 });
  await pagina.type('#email', email);
  await pagina.click('#wachtwoord', { count: 3 });
  await pagina.type('#wachtwoord', wachtwoord);
  await pagina.click('button[type=submit]');
}

interface AxeResultaat {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/**
 * WCAG 2.1 AA as axe-core checks it: the screen as it stands must have no
 * serious or critical violation. The message names each one and where it is.
 */
export async function verwachtToegankelijk(pagina: Page, scherm: string): Promise<void> {
  if (!(await pagina.evaluate('typeof window.axe'))?.toString().includes('object'))
    await pagina.evaluate(axeBron);
  const resultaat = (await pagina.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as AxeResultaat;
  const ernstig = resultaat.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect({ scherm, ernstig }).toEqual({ scherm, ernstig: [] });
}
