-- CreateIndex
CREATE INDEX "Melding_gemeenteId_crisis_termijnOppakken_geopendOp_id_idx" ON "Melding"("gemeenteId", "crisis" DESC, "termijnOppakken", "geopendOp", "id");

-- CreateIndex
CREATE INDEX "Signaal_gemeenteId_meldingId_wijkId_kernId_signaalpartnerId_idx" ON "Signaal"("gemeenteId", "meldingId", "wijkId", "kernId", "signaalpartnerId");
