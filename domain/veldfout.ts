import type { z } from 'zod';

export interface Veldfout {
  /** Dotted path of the field, e.g. "adres.postcode". */
  veld: string;
  code: string;
  melding: string;
}

/** Turns schema issues into field errors with Dutch messages. */
export function veldfoutenUitZod(fout: z.ZodError): Veldfout[] {
  return fout.issues.map((issue) => ({
    veld: issue.path.join('.') || '(body)',
    code:
      issue.code === 'unrecognized_keys'
        ? 'onbekend_veld'
        : issue.code === 'invalid_type' && issue.input === undefined
          ? 'verplicht'
          : 'ongeldig',
    melding:
      issue.code === 'unrecognized_keys'
        ? `Onbekend veld: ${issue.keys.join(', ')}.`
        : issue.message,
  }));
}
