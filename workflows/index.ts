// Entry point of the workflow bundle the worker loads.
export { signaalWorkflow } from './signaal.workflow.js';
