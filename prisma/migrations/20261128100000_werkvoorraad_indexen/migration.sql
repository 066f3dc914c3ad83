-- bench:lezen (1,000,000 signals, 20 clients): the werkvoorraad's own cases, the sort
-- "termijn" and a status sorted by age scanned or sorted every melding of the gemeente.
-- CreateIndex
CREATE INDEX "Melding_gemeenteId_behandelaarId_idx" ON "Melding"("gemeenteId", "behandelaarId");

-- CreateIndex
CREATE INDEX "Melding_gemeenteId_termijnEersteContact_geopendOp_id_idx" ON "Melding"("gemeenteId", "termijnEersteContact", "geopendOp", "id");

-- CreateIndex
CREATE INDEX "Melding_gemeenteId_status_geopendOp_id_idx" ON "Melding"("gemeenteId", "status", "geopendOp", "id");
