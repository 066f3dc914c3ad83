// The failure converter of every Temporal client and worker (and of the
// workflow sandbox, which loads it by path). CommonJS on purpose: the SDK
// require()s this path, also under jest, where it cannot load an ES module.
// encodeCommonAttributes moves error messages and stack traces into an encoded
// payload, so the payload codec encrypts them like any other payload.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, see above
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
