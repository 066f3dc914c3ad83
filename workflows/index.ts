// Entry point of the workflow bundle the worker loads.
export { aanleveringWorkflow } from './aanlevering.workflow.js';
export { signaalWorkflow } from './signaal.workflow.js';
export { meldingWorkflow } from './melding.workflow.js';
export { bulkactieWorkflow } from './bulkactie.workflow.js';
export { maandrapportageWorkflow } from './maandrapportage.workflow.js';
export { webhookAfleveringWorkflow } from './webhook.workflow.js';
