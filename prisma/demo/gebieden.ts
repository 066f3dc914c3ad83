// The demo world: three gemeenten with wijken, buurten and kernen, whose
// addresses the shipped CBS-format sample routes to. Codes follow CBS (without
// the GM/WK/BU prefixes), postcodes are real-looking but the data is invented.

export interface DemoBuurt {
  code: string;
  naam: string;
  postcodes: string[];
}
export interface DemoWijk {
  code: string;
  naam: string;
  buurten: DemoBuurt[];
}
export interface DemoGemeente {
  code: string;
  naam: string;
  slug: string;
  telefoon: string;
  wijken: DemoWijk[];
  /** Kernen as sets of wijkcodes; kernen have no CBS level of their own. */
  kernen: { naam: string; wijkcodes: string[] }[];
}

export const DEMO_GEMEENTEN: DemoGemeente[] = [
  {
    code: '0344',
    naam: 'Utrecht',
    telefoon: '14 030',
    slug: 'utrecht',
    wijken: [
      {
        code: '034401',
        naam: 'West',
        buurten: [
          { code: '03440101', naam: 'Lombok', postcodes: ['3531AB', '3531AC'] },
          { code: '03440102', naam: 'Oog in Al', postcodes: ['3532AA', '3532AB'] },
        ],
      },
      {
        code: '034402',
        naam: 'Noordwest',
        buurten: [
          { code: '03440201', naam: 'Zuilen', postcodes: ['3553AA', '3553AB'] },
          { code: '03440202', naam: 'Ondiep', postcodes: ['3552AA', '3552AB'] },
        ],
      },
      {
        code: '034403',
        naam: 'Overvecht',
        buurten: [
          { code: '03440301', naam: 'Taagdreef', postcodes: ['3562AA', '3562AB'] },
          { code: '03440302', naam: 'Zamenhofdreef', postcodes: ['3561AA', '3561AB'] },
        ],
      },
    ],
    kernen: [],
  },
  {
    code: '0193',
    naam: 'Zwolle',
    telefoon: '14 038',
    slug: 'zwolle',
    wijken: [
      {
        code: '019301',
        naam: 'Binnenstad',
        buurten: [
          { code: '01930101', naam: 'Centrum', postcodes: ['8011AA', '8011AB'] },
          { code: '01930102', naam: 'Kamperpoort', postcodes: ['8011VA', '8011VB'] },
        ],
      },
      {
        code: '019302',
        naam: 'Holtenbroek',
        buurten: [
          { code: '01930201', naam: 'Holtenbroek I', postcodes: ['8013AA', '8013AB'] },
          { code: '01930202', naam: 'Holtenbroek II', postcodes: ['8013BA', '8013BB'] },
        ],
      },
      {
        code: '019303',
        naam: 'Stadshagen',
        buurten: [
          { code: '01930301', naam: 'Westenholte', postcodes: ['8043AA', '8043AB'] },
          { code: '01930302', naam: 'Werkeren', postcodes: ['8043BA', '8043BB'] },
        ],
      },
    ],
    kernen: [],
  },
  {
    code: '1900',
    naam: 'Súdwest-Fryslân',
    telefoon: '14 0515',
    slug: 'sudwestfryslan',
    wijken: [
      {
        code: '190001',
        naam: 'Sneek',
        buurten: [
          { code: '19000101', naam: 'Sneek-Centrum', postcodes: ['8601AA', '8601AB'] },
          { code: '19000102', naam: 'Sneek-Noord', postcodes: ['8602AA', '8602AB'] },
        ],
      },
      {
        code: '190002',
        naam: 'Bolsward',
        buurten: [
          { code: '19000201', naam: 'Bolsward-Centrum', postcodes: ['8701AA', '8701AB'] },
          { code: '19000202', naam: 'Bolsward-Zuid', postcodes: ['8702AA', '8702AB'] },
        ],
      },
      {
        code: '190003',
        naam: 'Workum',
        buurten: [
          { code: '19000301', naam: 'Workum-Centrum', postcodes: ['8711AA', '8711AB'] },
          { code: '19000302', naam: 'It Soal', postcodes: ['8711BA', '8711BB'] },
        ],
      },
    ],
    kernen: [
      { naam: 'Sneek', wijkcodes: ['190001'] },
      { naam: 'Bolsward', wijkcodes: ['190002'] },
      { naam: 'Workum', wijkcodes: ['190003'] },
    ],
  },
];

/**
 * Addresses in a gemeente that does not use Vroegsignaal, with Amsterdam's
 * alphanumeric buurtcodes: they route to "onbekend adres" for the operator.
 */
export const DEMO_BUITEN_PLATFORM = {
  gemeentecode: '0363',
  wijkcode: '0363AF',
  buurtcode: '0363AF01',
  postcodes: ['1012AB'],
};

export const DEMO_HUISNUMMERS = Array.from({ length: 30 }, (_, i) => i + 1);
export const DEMO_ROUTERINGSJAAR = 2025;
