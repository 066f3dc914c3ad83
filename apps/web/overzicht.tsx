export function Overzicht(_: { bijVerlopen: () => void }) {
  return <h1 className="utrecht-heading-1">Overzicht</h1>;
}
