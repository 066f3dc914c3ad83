import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export * from './generated/client.js';

/** The one way processes open the database: Prisma's Rust-free client over node-postgres. */
export function maakPrismaClient(databaseUrl: string, maxVerbindingen = 10): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: maxVerbindingen }),
  });
}
