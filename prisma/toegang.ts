import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrismaClient } from './generated/client.js';

/**
 * Whose data a request may touch. Every query on tenant data goes through the
 * client returned by `metTenantScope`, which adds this filter itself, so a
 * controller cannot forget it.
 */
export type Toegang =
  | { soort: 'platform' }
  /** wijkIds: an external user admitted to only these wijken of the gemeente. */
  | { soort: 'gemeente'; gemeenteId: string; wijkIds?: string[] }
  | { soort: 'signaalpartner'; signaalpartnerId: string };

interface Verzoekcontext {
  toegang?: Toegang;
}

const verzoekcontext = new AsyncLocalStorage<Verzoekcontext>();

/** Runs `werk` in a fresh request context; authentication fills in the toegang later. */
export function binnenVerzoek<T>(werk: () => T): T {
  return verzoekcontext.run({}, werk);
}

export function zetToegang(toegang: Toegang): void {
  const context = verzoekcontext.getStore();
  if (!context) throw new Error('zetToegang buiten een verzoekcontext');
  context.toegang = toegang;
}

export function huidigeToegang(): Toegang | undefined {
  return verzoekcontext.getStore()?.toegang;
}

// Matches nothing: used where a tenant kind has no business at all.
const NIETS = { id: { in: [] as string[] } };

type Filter = Record<string, unknown>;

type Beperkt = Exclude<Toegang, { soort: 'platform' }>;

// A user limited to wijken sees a melding when one of its signals lies in one
// of them, and only those signals.
const signaalFilter = (t: Beperkt): Filter =>
  t.soort === 'gemeente'
    ? { gemeenteId: t.gemeenteId, ...(t.wijkIds?.length ? { wijkId: { in: t.wijkIds } } : {}) }
    : { signaalpartnerId: t.signaalpartnerId };
const meldingFilter = (t: Beperkt): Filter =>
  t.soort === 'gemeente'
    ? {
        gemeenteId: t.gemeenteId,
        ...(t.wijkIds?.length ? { signalen: { some: { wijkId: { in: t.wijkIds } } } } : {}),
      }
    : NIETS;
const vanMelding = (t: Beperkt): Filter =>
  t.soort === 'gemeente' ? { melding: meldingFilter(t) } : NIETS;

/** Per model, the filter that limits it to what the given toegang may see. */
const TENANT_FILTERS: Record<string, (t: Beperkt) => Filter> = {
  Signaal: signaalFilter,
  SignaalPersoonsgegevens: (t) => ({ signaal: signaalFilter(t) }),
  Aanlevering: (t) =>
    t.soort === 'signaalpartner'
      ? { signaalpartnerId: t.signaalpartnerId }
      : { signaalpartnerId: { in: [] } },
  AanleveringRij: (t) =>
    t.soort === 'signaalpartner'
      ? { aanlevering: { signaalpartnerId: t.signaalpartnerId } }
      : { aanlevering: { signaalpartnerId: { in: [] } } },
  Melding: meldingFilter,
  Contactpoging: vanMelding,
  Taak: vanMelding,
  Notitie: vanMelding,
  Meldinggebeurtenis: vanMelding,
  Correspondentie: vanMelding,
  Notificatie: vanMelding,
  Briefsjabloon: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : NIETS),
  Signaaloverdracht: (t) =>
    t.soort === 'gemeente'
      ? { OR: [{ vanGemeenteId: t.gemeenteId }, { naarGemeenteId: t.gemeenteId }] }
      : { signaal: { signaalpartnerId: t.signaalpartnerId } },
  Uitnodigingsreeks: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : NIETS),
  Wijk: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : {}),
  Buurt: (t) => (t.soort === 'gemeente' ? { wijk: { gemeenteId: t.gemeenteId } } : {}),
  Kern: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : {}),
  Bulkactie: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : NIETS),
  Rapportage: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : NIETS),
  // A system key belongs to one organisation; only that organisation manages it.
  ApiSleutel: (t) =>
    t.soort === 'gemeente'
      ? { gemeenteId: t.gemeenteId }
      : { signaalpartnerId: t.signaalpartnerId },
  Webhookabonnement: (t) => (t.soort === 'gemeente' ? { gemeenteId: t.gemeenteId } : NIETS),
  Webhookaflevering: (t) =>
    t.soort === 'gemeente' ? { abonnement: { gemeenteId: t.gemeenteId } } : NIETS,
};

const GEFILTERDE_OPERATIES = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
]);

/**
 * Returns a client that scopes every query on tenant models to the current
 * request's toegang, and refuses such queries when no toegang is known (fail
 * closed). Background processes that act for the platform use the plain client.
 */
export function metTenantScope(prisma: PrismaClient) {
  return prisma.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const filter = TENANT_FILTERS[model];
          if (!filter) return query(args);
          const toegang = huidigeToegang();
          if (!toegang) throw new Error(`Query op ${model} zonder toegangscontext geweigerd`);
          if (toegang.soort === 'platform') return query(args);
          if (operation === 'create' || operation === 'createMany' || operation === 'upsert') {
            // Creating tenant data happens in the worker or through dedicated
            // services that set the owner from the toegang itself.
            return query(args);
          }
          if (!GEFILTERDE_OPERATIES.has(operation)) {
            throw new Error(
              `Operatie ${operation} op ${model} wordt niet ondersteund met tenant-scope`,
            );
          }
          const bestaand = (args as { where?: Filter }).where ?? {};
          // Unique lookups need their unique field at the top level, so the
          // scope is added as an extra AND condition next to it.
          const eerdereEn = bestaand.AND === undefined ? [] : [bestaand.AND].flat();
          const where = { ...bestaand, AND: [...eerdereEn, filter(toegang)] };
          return query({ ...args, where } as typeof args);
        },
      },
    },
  });
}

export type ScopedDatabase = ReturnType<typeof metTenantScope>;
