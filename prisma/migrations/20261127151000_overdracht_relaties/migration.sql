-- AddForeignKey
ALTER TABLE "Signaaloverdracht" ADD CONSTRAINT "Signaaloverdracht_vanGemeenteId_fkey" FOREIGN KEY ("vanGemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaaloverdracht" ADD CONSTRAINT "Signaaloverdracht_vanMeldingId_fkey" FOREIGN KEY ("vanMeldingId") REFERENCES "Melding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signaaloverdracht" ADD CONSTRAINT "Signaaloverdracht_naarGemeenteId_fkey" FOREIGN KEY ("naarGemeenteId") REFERENCES "Gemeente"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
