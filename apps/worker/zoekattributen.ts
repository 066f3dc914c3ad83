import { Connection } from '@temporalio/client';
// @temporalio/proto is CommonJS without static named exports, so Node's ESM loader needs the default import.
import proto from '@temporalio/proto';
import { ZOEKATTRIBUUT_REGISTRATIE } from '../../workflows/contracts.js';

/**
 * Registers the project's search attributes in a namespace, leaving existing
 * ones alone. The dev server gets them as start flags; a production cluster
 * gets them from this one-shot job (docker-compose service temporal-setup).
 */
export async function registreerZoekattributen(
  connection: Connection,
  namespace: string,
): Promise<string[]> {
  const bestaand = await connection.operatorService.listSearchAttributes({ namespace });
  const ontbrekend = ZOEKATTRIBUUT_REGISTRATIE.filter(
    ({ naam }) => !(naam in (bestaand.customAttributes ?? {})),
  );
  if (ontbrekend.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        ontbrekend.map(({ naam }) => [
          naam,
          proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        ]),
      ),
    });
  }
  return ontbrekend.map(({ naam }) => naam);
}

async function main(): Promise<void> {
  // Only Temporal is needed here, so this job does not demand the app's full configuration.
  const adres = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const connection = await Connection.connect({ address: adres });
  try {
    const toegevoegd = await registreerZoekattributen(connection, namespace);
    console.log(
      toegevoegd.length > 0
        ? `Zoekattributen geregistreerd in ${namespace}: ${toegevoegd.join(', ')}`
        : `Alle zoekattributen bestonden al in ${namespace}.`,
    );
  } finally {
    await connection.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((fout: unknown) => {
    console.error(fout instanceof Error ? fout.message : fout);
    process.exit(1);
  });
}
