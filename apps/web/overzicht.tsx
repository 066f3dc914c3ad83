import { MAANDNAMEN } from '../../domain/tijd.js';
import { useId, useState } from 'react';
import { Foutmelding, useLaden } from './ui.js';

// The gemeente's month at a glance: signals and meldingen per wijk and kern,
// and the last twelve months. The tables carry the figures; the charts only
// show their shape and point to the tables as their accessible equivalent.

interface Cijfers {
  signalen: number;
  meldingen: number;
  enkelvoudig: number;
  meervoudig: number;
  opeenvolgend: number;
}

interface Overzichtcijfers {
  maand: string;
  perWijk: ({ code: string | null; naam: string } & Cijfers)[];
  perKern: ({ naam: string } & Cijfers)[];
  totaal: Cijfers;
  trend: { maand: string; signalen: number; meldingen: number }[];
}

// Both at least 7:1 against white, and told apart by the legend's text too.
const KLEUR_SIGNALEN = '#154273';
const KLEUR_MELDINGEN = '#8a3b00';

const getal = new Intl.NumberFormat('nl-NL');

function maandnaam(maand: string, kort = false): string {
  const [jaar, m] = maand.split('-');
  const naam = MAANDNAMEN[Number(m) - 1] ?? maand;
  return kort ? `${naam.slice(0, 3)} ${jaar!.slice(2)}` : `${naam} ${jaar}`;
}

function huidigeMaand(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' }).slice(0, 7);
}

function maandenTerug(vanaf: string, aantal: number): string[] {
  const [j, m] = vanaf.split('-').map(Number) as [number, number];
  return Array.from({ length: aantal }, (_, i) =>
    new Date(Date.UTC(j, m - 1 - i, 1)).toISOString().slice(0, 7),
  );
}

const rechts = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' };

function Tabel({
  bijschrift,
  gebied,
  rijen,
  totaal,
}: {
  bijschrift: string;
  gebied: string;
  rijen: ({ naam: string } & Cijfers)[];
  totaal: Cijfers;
}) {
  const kolommen: [keyof Cijfers, string][] = [
    ['signalen', 'Signalen'],
    ['meldingen', 'Meldingen'],
    ['enkelvoudig', 'Enkelvoudig'],
    ['meervoudig', 'Meervoudig'],
    ['opeenvolgend', 'Opeenvolgend'],
  ];
  return (
    <table className="utrecht-table">
      <caption className="utrecht-table__caption">{bijschrift}</caption>
      <thead className="utrecht-table__header">
        <tr className="utrecht-table__row">
          <th scope="col" className="utrecht-table__header-cell">
            {gebied}
          </th>
          {kolommen.map(([, kop]) => (
            <th key={kop} scope="col" className="utrecht-table__header-cell" style={rechts}>
              {kop}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="utrecht-table__body">
        {rijen.map((r) => (
          <tr key={r.naam} className="utrecht-table__row">
            <th scope="row" className="utrecht-table__header-cell">
              {r.naam}
            </th>
            {kolommen.map(([k]) => (
              <td key={k} className="utrecht-table__cell" style={rechts}>
                {getal.format(r[k])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot className="utrecht-table__footer">
        <tr className="utrecht-table__row">
          <th scope="row" className="utrecht-table__header-cell">
            Totaal
          </th>
          {kolommen.map(([k]) => (
            <td key={k} className="utrecht-table__cell" style={{ ...rechts, fontWeight: 'bold' }}>
              {getal.format(totaal[k])}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}

function Legenda() {
  return (
    <p className="utrecht-paragraph" aria-hidden="true">
      <span style={{ color: KLEUR_SIGNALEN }}>■</span> Signalen{' '}
      <span style={{ color: KLEUR_MELDINGEN }}>■</span> Meldingen
    </p>
  );
}

/** Horizontal bars, two per wijk: signals and meldingen. */
function Staafdiagram({ cijfers }: { cijfers: Overzichtcijfers }) {
  const id = useId();
  const rijen = cijfers.perWijk;
  const max = Math.max(1, ...rijen.flatMap((r) => [r.signalen, r.meldingen]));
  const meeste = [...rijen].sort((a, b) => b.signalen - a.signalen)[0];
  const breedte = 640;
  const labelbreedte = 180;
  const staaf = (n: number) => (n / max) * (breedte - labelbreedte - 60);
  const hoogte = 12 + rijen.length * 40;
  const samenvatting =
    `Staafdiagram van signalen en meldingen per wijk in ${maandnaam(cijfers.maand)}: ` +
    `${getal.format(cijfers.totaal.signalen)} signalen en ${getal.format(cijfers.totaal.meldingen)} meldingen` +
    (meeste && meeste.signalen > 0
      ? `, de meeste signalen in ${meeste.naam} (${getal.format(meeste.signalen)}).`
      : '.') +
    ' De tabel per wijk bevat dezelfde cijfers.';
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-labelledby={`${id}-titel`}
        viewBox={`0 0 ${breedte} ${hoogte}`}
        width="100%"
        style={{ maxInlineSize: `${breedte}px` }}
      >
        <title id={`${id}-titel`}>{samenvatting}</title>
        {rijen.map((r, i) => {
          const y = 6 + i * 40;
          return (
            <g key={r.naam}>
              <text x={labelbreedte - 8} y={y + 18} textAnchor="end" fontSize="13" fill="#000">
                {r.naam.length > 24 ? `${r.naam.slice(0, 23)}…` : r.naam}
              </text>
              <rect
                x={labelbreedte}
                y={y + 2}
                width={staaf(r.signalen)}
                height={14}
                fill={KLEUR_SIGNALEN}
              />
              <text x={labelbreedte + staaf(r.signalen) + 4} y={y + 14} fontSize="12" fill="#000">
                {getal.format(r.signalen)}
              </text>
              <rect
                x={labelbreedte}
                y={y + 18}
                width={staaf(r.meldingen)}
                height={14}
                fill={KLEUR_MELDINGEN}
              />
              <text x={labelbreedte + staaf(r.meldingen) + 4} y={y + 30} fontSize="12" fill="#000">
                {getal.format(r.meldingen)}
              </text>
            </g>
          );
        })}
      </svg>
      <Legenda />
    </figure>
  );
}

/** Twelve months, oldest first: a bar for signals, a line for meldingen. */
function Trend({ trend }: { trend: Overzichtcijfers['trend'] }) {
  const id = useId();
  const breedte = 640;
  const hoogte = 220;
  const onder = 180;
  const max = Math.max(1, ...trend.flatMap((t) => [t.signalen, t.meldingen]));
  const stap = (breedte - 40) / Math.max(1, trend.length);
  const y = (n: number) => onder - (n / max) * (onder - 20);
  const x = (i: number) => 30 + i * stap + stap / 2;
  const eerste = trend[0];
  const laatste = trend[trend.length - 1];
  const samenvatting =
    eerste && laatste
      ? `Trend van ${maandnaam(eerste.maand)} tot en met ${maandnaam(laatste.maand)}: ` +
        `signalen van ${getal.format(eerste.signalen)} naar ${getal.format(laatste.signalen)}, ` +
        `meldingen van ${getal.format(eerste.meldingen)} naar ${getal.format(laatste.meldingen)}. ` +
        'De tabel hieronder bevat de cijfers per maand.'
      : 'Geen gegevens.';
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-labelledby={`${id}-titel`}
        viewBox={`0 0 ${breedte} ${hoogte}`}
        width="100%"
        style={{ maxInlineSize: `${breedte}px` }}
      >
        <title id={`${id}-titel`}>{samenvatting}</title>
        <line x1={20} x2={breedte - 10} y1={onder} y2={onder} stroke="#000" />
        {trend.map((t, i) => (
          <g key={t.maand}>
            <rect
              x={x(i) - stap * 0.3}
              y={y(t.signalen)}
              width={stap * 0.6}
              height={onder - y(t.signalen)}
              fill={KLEUR_SIGNALEN}
            />
            <text x={x(i)} y={onder + 16} textAnchor="middle" fontSize="11" fill="#000">
              {maandnaam(t.maand, true)}
            </text>
          </g>
        ))}
        <polyline
          fill="none"
          stroke={KLEUR_MELDINGEN}
          strokeWidth={3}
          points={trend.map((t, i) => `${x(i)},${y(t.meldingen)}`).join(' ')}
        />
        {trend.map((t, i) => (
          <circle key={t.maand} cx={x(i)} cy={y(t.meldingen)} r={4} fill={KLEUR_MELDINGEN} />
        ))}
      </svg>
      <Legenda />
    </figure>
  );
}

export function Overzicht({ bijVerlopen }: { bijVerlopen: () => void }) {
  const nu = huidigeMaand();
  const [maand, zetMaand] = useState(nu);
  const { data, fout } = useLaden<Overzichtcijfers>(`/overzicht?maand=${maand}`, bijVerlopen);
  return (
    <>
      <h1 className="utrecht-heading-1">Overzicht</h1>
      <div className="vs-filters">
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="overzicht-maand">
            Maand
          </label>
          <select
            id="overzicht-maand"
            className="utrecht-select"
            value={maand}
            onChange={(e) => zetMaand(e.target.value)}
          >
            {maandenTerug(nu, 24).map((m) => (
              <option key={m} value={m}>
                {maandnaam(m)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
      {!data && !fout && (
        <p className="utrecht-paragraph" role="status">
          Cijfers laden…
        </p>
      )}
      {data && (
        <>
          <p className="utrecht-paragraph">
            In {maandnaam(data.maand)}: {getal.format(data.totaal.signalen)} signalen en{' '}
            {getal.format(data.totaal.meldingen)} nieuwe meldingen.
          </p>
          <h2 className="utrecht-heading-2">Per wijk</h2>
          <Tabel
            bijschrift={`Signalen en meldingen per wijk, ${maandnaam(data.maand)}`}
            gebied="Wijk"
            rijen={data.perWijk}
            totaal={data.totaal}
          />
          <Staafdiagram cijfers={data} />
          {data.perKern.length > 0 && (
            <>
              <h2 className="utrecht-heading-2">Per kern</h2>
              <Tabel
                bijschrift={`Signalen en meldingen per kern, ${maandnaam(data.maand)}`}
                gebied="Kern"
                rijen={data.perKern}
                totaal={data.totaal}
              />
            </>
          )}
          <h2 className="utrecht-heading-2">Twaalf maanden</h2>
          <Trend trend={data.trend} />
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Signalen en meldingen per maand, de laatste twaalf maanden
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Maand
                </th>
                <th scope="col" className="utrecht-table__header-cell" style={rechts}>
                  Signalen
                </th>
                <th scope="col" className="utrecht-table__header-cell" style={rechts}>
                  Meldingen
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {data.trend.map((t) => (
                <tr key={t.maand} className="utrecht-table__row">
                  <th scope="row" className="utrecht-table__header-cell">
                    {maandnaam(t.maand)}
                  </th>
                  <td className="utrecht-table__cell" style={rechts}>
                    {getal.format(t.signalen)}
                  </td>
                  <td className="utrecht-table__cell" style={rechts}>
                    {getal.format(t.meldingen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
