-- The werkvoorraad counts read the melding's summary now (20261127191000),
-- so this index only cost time on every signal written.
DROP INDEX "Signaal_gemeenteId_meldingId_wijkId_kernId_signaalpartnerId_idx";
