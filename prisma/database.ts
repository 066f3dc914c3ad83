import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export * from './generated/client.js';

/** The one way processes open the database: Prisma's Rust-free client over node-postgres. */
export function maakPrismaClient(databaseUrl: string, maxVerbindingen = 10): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: maxVerbindingen }),
    // Under a burst (a batch of hundreds of signals, 50 deliveries at once)
    // more transactions want a connection than the pool holds. Prisma's
    // default of 2 s in the queue turned that into failed activities and 500s,
    // whose retries added to the burst; waiting longer is the right back-pressure.
    transactionOptions: { maxWait: 15_000 },
  });
}
