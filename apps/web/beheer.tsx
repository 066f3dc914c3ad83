export function Beheer(_: { rol: string; bijVerlopen: () => void }) {
  return <h1 className="utrecht-heading-1">Beheer</h1>;
}

export function UitnodigingAanvaarden() {
  return <h1 className="utrecht-heading-1">Uitnodiging</h1>;
}
