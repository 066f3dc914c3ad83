export function Portaal(_: { pad: string; bijVerlopen: () => void }) {
  return <h1 className="utrecht-heading-1">Aanleveringen</h1>;
}
