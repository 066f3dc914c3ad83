import type { Rol, SignaalpartnerType } from '../generated/client.js';

// Demo creditors, accounts and API keys. Printed by `npm start`; never used
// outside the embedded demo stack.

export const DEMO_WACHTWOORD = 'Vroegsignaal-demo-2026';

export interface DemoSignaalpartner {
  naam: string;
  type: SignaalpartnerType;
  apiSleutel: string;
  /** Slugs of the gemeenten it has a koppeling with. */
  gemeenten: string[];
}

export const DEMO_SIGNAALPARTNERS: DemoSignaalpartner[] = [
  {
    naam: 'Woonstichting Thuisbaas',
    type: 'HUUR',
    apiSleutel: 'vs_demo_thuisbaas_4f9c2a7e1b3d',
    gemeenten: ['utrecht', 'zwolle', 'sudwestfryslan'],
  },
  {
    naam: 'Stroomwerk Energie',
    type: 'ENERGIE',
    apiSleutel: 'vs_demo_stroomwerk_8d1e6b0a5c2f',
    gemeenten: ['utrecht', 'zwolle', 'sudwestfryslan'],
  },
  // No koppeling with Súdwest-Fryslân: its signals there show "geen koppeling".
  {
    naam: 'Waterbedrijf Vallei',
    type: 'WATER',
    apiSleutel: 'vs_demo_vallei_3a7f9e2d6b1c',
    gemeenten: ['utrecht', 'zwolle'],
  },
  {
    naam: 'Zorgverzekeraar Samen',
    type: 'ZORG',
    apiSleutel: 'vs_demo_samen_6c2b8f4a0e9d',
    gemeenten: ['utrecht', 'zwolle', 'sudwestfryslan'],
  },
];

export interface DemoGebruiker {
  email: string;
  naam: string;
  rol: Rol;
  gemeente?: string;
  signaalpartner?: string;
  /** External users: their organisation and the wijken they may see. */
  organisatie?: string;
  wijkcodes?: string[];
}

const GEMEENTE_ROLLEN: { rol: Rol; prefix: string; naam: string }[] = [
  { rol: 'BEHANDELAAR', prefix: 'behandelaar', naam: 'Behandelaar' },
  { rol: 'TEAMLEIDER', prefix: 'teamleider', naam: 'Teamleider' },
  { rol: 'GEMEENTEBEHEERDER', prefix: 'beheerder', naam: 'Beheerder' },
];

export function demoGebruikers(gemeenten: { slug: string; naam: string }[]): DemoGebruiker[] {
  return [
    { email: 'operator@vroegsignaal.demo', naam: 'Platformbeheer', rol: 'PLATFORMBEHEERDER' },
    ...gemeenten.flatMap((g) =>
      GEMEENTE_ROLLEN.map((r) => ({
        email: `${r.prefix}@${g.slug}.demo`,
        naam: `${r.naam} ${g.naam}`,
        rol: r.rol,
        gemeente: g.slug,
      })),
    ),
    // An external debt counsellor admitted by Zwolle to its wijk Centrum only.
    ...(gemeenten.some((g) => g.slug === 'zwolle')
      ? [
          {
            email: 'extern@zwolle.demo',
            naam: 'Schuldhulpmaatje Zwolle',
            rol: 'EXTERN' as const,
            gemeente: 'zwolle',
            organisatie: 'Stichting Schuldhulpmaatje',
            wijkcodes: ['019301'],
          },
        ]
      : []),
    {
      email: 'portaal@thuisbaas.demo',
      naam: 'Portaal Thuisbaas',
      rol: 'SIGNAALPARTNER',
      signaalpartner: 'Woonstichting Thuisbaas',
    },
  ];
}
