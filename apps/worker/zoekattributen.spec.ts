import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection } from '@temporalio/client';
import Long from 'long';
import { testOmgeving, wachtTot } from '../../test/hulp/omgeving.js';
import { registreerZoekattributen } from './zoekattributen.js';

describe('registreerZoekattributen', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: testOmgeving().temporalAdres });
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('adds the missing search attributes to a namespace once', async () => {
    const namespace = `vs-${randomUUID()}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(86_400) },
    });
    await wachtTot(
      () =>
        connection.workflowService.describeNamespace({ namespace }).then(
          () => true,
          () => false,
        ),
      { wat: 'namespace' },
    );

    expect(await registreerZoekattributen(connection, namespace)).toEqual([
      'VsGemeentecode',
      'VsRouteringsstatus',
      'VsSignaalpartnerType',
      'VsMeldingstatus',
      'VsMatchtype',
    ]);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace,
    });
    expect(Object.keys(customAttributes ?? {})).toEqual(
      expect.arrayContaining(['VsGemeentecode', 'VsMatchtype']),
    );
    expect(await registreerZoekattributen(connection, namespace)).toEqual([]);
  });
});
