// Types for the .mjs module, so TypeScript tests (test/hulp/storingsstack.ts) can use it.
import type { ChildProcess } from 'node:child_process';

export interface GestartePostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

export function startPostgres(opties: {
  dataMap: string;
  poort: number;
  persistent?: boolean;
}): Promise<GestartePostgres>;

export interface GestarteTemporal {
  adres: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export function startTemporal(opties: {
  cli: string;
  poort: number;
  uiPoort?: number;
  dbBestand?: string;
  zoekattributen: readonly { naam: string; type: string }[];
  codecEndpoint?: string;
}): Promise<GestarteTemporal>;

export function stopGroep(kind: ChildProcess, signaal?: NodeJS.Signals): void;
