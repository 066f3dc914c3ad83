import 'reflect-metadata';
import { leesConfig } from '../shared/config.js';
import { maakApi } from './app.js';

async function main(): Promise<void> {
  const config = leesConfig();
  const app = await maakApi(config);
  await app.listen(config.API_PORT, config.API_HOST);
  console.log(`Vroegsignaal-API luistert op http://${config.API_HOST}:${config.API_PORT}/v1`);
}

main().catch((fout: unknown) => {
  console.error(fout instanceof Error ? fout.message : fout);
  process.exit(1);
});
