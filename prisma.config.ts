import { defineConfig } from 'prisma/config';

// The URL is optional here so that `prisma generate` works without a database;
// migrate commands fail with Prisma's own message when it is missing.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? '',
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
