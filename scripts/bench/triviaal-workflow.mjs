// The baseline: a workflow that does nothing, to measure how fast this
// Temporal server starts and completes workflows at all.
export async function triviaalWorkflow() {
  return 'klaar';
}
