import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testOmgeving } from '../test/hulp/omgeving.js';
import { maakPrismaClient, type PrismaClient } from './database.js';
import { seedDemo } from './seed.js';
import { binnenVerzoek, metTenantScope, zetToegang, type ScopedDatabase } from './toegang.js';

describe('tenant scope and audit log in PostgreSQL', () => {
  let prisma: PrismaClient;
  let db: ScopedDatabase;
  let utrecht: string;
  let zwolle: string;
  beforeAll(async () => {
    prisma = maakPrismaClient(testOmgeving().databaseUrl);
    db = metTenantScope(prisma);
    await seedDemo(prisma, testOmgeving().databaseUrl);
    utrecht = (await prisma.gemeente.findUniqueOrThrow({ where: { code: '0344' } })).id;
    zwolle = (await prisma.gemeente.findUniqueOrThrow({ where: { code: '0193' } })).id;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
  });

  it('refuses a tenant query when nobody is known (fail closed)', async () => {
    await expect(db.wijk.findMany()).rejects.toThrow(
      'Query op Wijk zonder toegangscontext geweigerd',
    );
  });

  it('limits every kind of read to the gemeente of the caller', async () => {
    const wijkVanZwolle = await prisma.wijk.findFirstOrThrow({ where: { gemeenteId: zwolle } });
    await binnenVerzoek(async () => {
      zetToegang({ soort: 'gemeente', gemeenteId: utrecht });
      const wijken = await db.wijk.findMany();
      expect(wijken.length).toBeGreaterThan(0);
      expect(wijken.every((w) => w.gemeenteId === utrecht)).toBe(true);
      expect(await db.wijk.findUnique({ where: { id: wijkVanZwolle.id } })).toBeNull();
      expect(
        await db.wijk.findFirst({
          where: { OR: [{ id: wijkVanZwolle.id }, { code: wijkVanZwolle.code }] },
        }),
      ).toBeNull();
      expect(await db.wijk.count({ where: { gemeenteId: zwolle } })).toBe(0);
      const bijgewerkt = await db.wijk.updateMany({
        where: { id: wijkVanZwolle.id },
        data: { naam: 'Overgenomen' },
      });
      expect(bijgewerkt.count).toBe(0);
    });
    expect((await prisma.wijk.findUniqueOrThrow({ where: { id: wijkVanZwolle.id } })).naam).toBe(
      wijkVanZwolle.naam,
    );
  });

  it('keeps the audit log append-only', async () => {
    const regel = await prisma.auditLog.create({
      data: { actorType: 'test', actie: 'proef', objectType: 'Test', resultaat: 'gelukt' },
    });
    await expect(
      prisma.auditLog.update({ where: { id: regel.id }, data: { resultaat: 'vervalst' } }),
    ).rejects.toThrow(/alleen-toevoegen/);
    await expect(prisma.auditLog.delete({ where: { id: regel.id } })).rejects.toThrow(
      /alleen-toevoegen/,
    );
    expect((await prisma.auditLog.findUniqueOrThrow({ where: { id: regel.id } })).resultaat).toBe(
      'gelukt',
    );
  });
});
