// The demo's DDAS client: what CBS (or a gemeente's supplier) would use to
// fetch the national delivery. A fixed secret, for the demo only.
export const DEMO_DDAS_CLIENT = {
  clientId: 'ddas-demo-cbs',
  naam: 'CBS-levering (demo)',
  clientSecret: 'ddas_cs_demo_7b3e91c04f2a6d58',
} as const;
