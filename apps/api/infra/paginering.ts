import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** The query parameters every paginated list takes. */
export const paginering = {
  pagina: z.coerce
    .number({ error: 'pagina moet een getal zijn.' })
    .int()
    .min(1, { error: 'pagina begint bij 1.' })
    .default(1),
  paginagrootte: z.coerce
    .number({ error: 'paginagrootte moet een getal zijn.' })
    .int()
    .min(1)
    .max(100, { error: 'paginagrootte is hoogstens 100.' })
    .default(25),
};

/** The page's metadata and HAL links; `filter` is kept in every link. */
export function paginaInfo(
  pad: string,
  filter: Record<string, string>,
  { pagina, paginagrootte }: { pagina: number; paginagrootte: number },
  totaal: number,
) {
  const href = (p: number) =>
    `${pad}?${new URLSearchParams({ ...filter, pagina: String(p), paginagrootte: String(paginagrootte) }).toString()}`;
  return {
    pagina,
    paginagrootte,
    totaal,
    _links: {
      self: { href: href(pagina) },
      ...(pagina * paginagrootte < totaal ? { next: { href: href(pagina + 1) } } : {}),
    },
  };
}

/** The OpenAPI description of `paginering`. */
export const ApiPaginering = () =>
  applyDecorators(
    ApiQuery({
      name: 'pagina',
      required: false,
      schema: { type: 'integer', minimum: 1, default: 1 },
    }),
    ApiQuery({
      name: 'paginagrootte',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
    }),
  );
