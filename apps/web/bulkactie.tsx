export function Bulkacties(_: {
  meldingIds: string[];
  rol: string;
  bijKlaar: () => void;
  bijVerlopen: () => void;
}) {
  return null;
}
