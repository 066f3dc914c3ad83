import type { z } from 'zod';
import { veldfoutenUitZod } from '../../../domain/veldfout.js';
import { Probleem } from './probleem.js';

/** Parses a request body with a schema, reporting every invalid field at once. */
export function leesBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const resultaat = schema.safeParse(body);
  if (resultaat.success) return resultaat.data;
  throw Probleem.ongeldigeInvoer(veldfoutenUitZod(resultaat.error));
}
