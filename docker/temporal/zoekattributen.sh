#!/bin/sh
# Registers Vroegsignaal's custom search attributes in the Temporal namespace.
# Idempotent: attributes that already exist are left alone.
# Keep the list in step with ZOEKATTRIBUTEN in workflows/contracts.ts.
set -eu

ADRES="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
ATTRIBUTEN="VsGemeentecode VsRouteringsstatus VsSignaalpartnerType VsMeldingstatus VsMatchtype"

lijst() {
  temporal operator search-attribute list --address "$ADRES" --namespace "$NAMESPACE"
}

# auto-setup registers the namespace only after the server reports SERVING.
pogingen=0
until temporal operator namespace describe --address "$ADRES" "$NAMESPACE" >/dev/null 2>&1; do
  pogingen=$((pogingen + 1))
  if [ "$pogingen" -ge 60 ]; then
    echo "Namespace $NAMESPACE bestaat niet op $ADRES." >&2
    exit 1
  fi
  sleep 2
done

for naam in $ATTRIBUTEN; do
  if lijst | grep -qw "$naam"; then
    echo "Zoekattribuut $naam bestaat al."
    continue
  fi
  # A concurrent run may have created it in between; that is fine too.
  if ! uitvoer=$(temporal operator search-attribute create --address "$ADRES" \
    --namespace "$NAMESPACE" --name "$naam" --type Keyword 2>&1); then
    if ! echo "$uitvoer" | grep -qi "already exist"; then
      echo "$uitvoer" >&2
      exit 1
    fi
  fi
  echo "Zoekattribuut $naam geregistreerd."
done

# Only report success once every attribute is visible, so the API and worker
# (which wait for this job) never start workflows the server would reject.
pogingen=0
while :; do
  ontbreekt=""
  huidige=$(lijst)
  for naam in $ATTRIBUTEN; do
    echo "$huidige" | grep -qw "$naam" || ontbreekt="$ontbreekt $naam"
  done
  [ -z "$ontbreekt" ] && break
  pogingen=$((pogingen + 1))
  if [ "$pogingen" -ge 30 ]; then
    echo "Zoekattributen ontbreken nog:$ontbreekt" >&2
    exit 1
  fi
  sleep 2
done
echo "Alle zoekattributen staan in namespace $NAMESPACE."
