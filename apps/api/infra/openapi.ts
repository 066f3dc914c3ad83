import type { OpenAPIObject } from '@nestjs/swagger';

// The NL API Design Rules (docs/standaarden/nl-api-design-rules/linter.yaml)
// ask things of every operation: an API-Version header on every response,
// problem+json on every error, a 400 wherever input can be wrong. Controllers
// are written by many hands, so those are added here, once, for every endpoint
// that exists now or is added later, instead of by decorators on each one.

type Knoop = Record<string, unknown>;

const METHODEN = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const MET_INVOER = new Set(['put', 'post', 'patch']);

export const PROBLEEM_SCHEMA = {
  type: 'object',
  description: 'Een fout volgens RFC 9457 (application/problem+json), met Nederlandse tekst.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'De invoer is ongeldig.' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: '1 veld klopt niet; zie invalidParams.' },
    instance: { type: 'string', example: '/v1/signalen' },
    invalidParams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'code', 'reason'],
        properties: {
          name: { type: 'string', example: 'adres.postcode' },
          code: { type: 'string', example: 'postcode' },
          reason: { type: 'string', example: 'Een postcode is vier cijfers en twee letters.' },
        },
      },
    },
  },
};

/**
 * Makes Nest's generated document follow the NL API Design Rules: the major
 * version in the server URL (paths are relative to it), `API-Version` on every
 * response, problem+json on every 4xx/5xx, a 400 on every operation that takes
 * input, and schemas in OpenAPI 3.0 dialect (zod emits JSON Schema 2020-12).
 */
export function volgensNlApiDesignRules(document: OpenAPIObject, prefix: string): OpenAPIObject {
  const doc = structuredClone(document) as OpenAPIObject & { paths: Record<string, Knoop> };
  doc.servers = [{ url: `/${prefix}`, description: 'Deze Vroegsignaal-omgeving' }];
  const componenten = (doc.components ??= {}) as Knoop & {
    headers?: Knoop;
    schemas?: Knoop;
  };
  componenten.headers = {
    ...componenten.headers,
    'API-Version': {
      description: 'De volledige versie van de API (semver), bij elk antwoord.',
      schema: { type: 'string', example: doc.info.version },
    },
  };
  componenten.schemas = { ...componenten.schemas, Probleem: PROBLEEM_SCHEMA };
  for (const [naam, schema] of Object.entries(componenten.schemas)) {
    componenten.schemas[naam] = naarOpenapi30(schema);
  }

  const paden: Record<string, Knoop> = {};
  for (const [pad, item] of Object.entries(doc.paths)) {
    const relatief = pad === `/${prefix}` ? '/' : pad.replace(new RegExp(`^/${prefix}(?=/)`), '');
    paden[relatief] = item;
    for (const methode of METHODEN) {
      const operatie = item[methode] as Knoop | undefined;
      if (operatie) bewerkOperatie(methode, operatie, item);
    }
  }
  doc.paths = paden;
  return doc;
}

function bewerkOperatie(methode: string, operatie: Knoop, item: Knoop): void {
  const parameters = [
    ...((item.parameters as Knoop[] | undefined) ?? []),
    ...((operatie.parameters as Knoop[] | undefined) ?? []),
  ];
  for (const parameter of parameters) {
    if (parameter.schema) parameter.schema = naarOpenapi30(parameter.schema);
  }
  const body = operatie.requestBody as { content?: Record<string, Knoop> } | undefined;
  for (const media of Object.values(body?.content ?? {})) {
    if (media.schema) media.schema = naarOpenapi30(media.schema);
  }

  const antwoorden = (operatie.responses ??= {}) as Record<string, Knoop>;
  // Every operation with input can get it wrong: invalid JSON, a malformed id
  // or query parameter is a 400 (ProbleemFilter, bodyFouten).
  if ((MET_INVOER.has(methode) || parameters.length > 0) && !antwoorden['400']) {
    antwoorden['400'] = { description: 'De invoer is ongeldig; zie detail en invalidParams.' };
  }
  for (const [status, antwoord] of Object.entries(antwoorden)) {
    if ('$ref' in antwoord) continue;
    const headers = (antwoord.headers ?? {}) as Record<string, Knoop>;
    for (const header of Object.values(headers)) {
      // A header described by a decorator with only a description is invalid 3.0.
      if (!header.$ref && !header.schema && !header.content) header.schema = { type: 'string' };
    }
    antwoord.headers = { ...headers, 'API-Version': { $ref: '#/components/headers/API-Version' } };
    const inhoud = antwoord.content as Record<string, Knoop> | undefined;
    if (/^[45]/.test(status)) {
      // ProbleemFilter renders every error as problem+json, whatever the
      // success type of the operation is.
      antwoord.content = {
        'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } },
      };
    } else {
      for (const media of Object.values(inhoud ?? {})) {
        if (media.schema) media.schema = naarOpenapi30(media.schema);
      }
    }
  }
}

/**
 * zod's `z.toJSONSchema` speaks JSON Schema 2020-12; OpenAPI 3.0 has its own
 * subset: `nullable` instead of a `null` type, one type per schema, `enum`
 * instead of `const`, no `$schema`.
 */
export function naarOpenapi30(invoer: unknown): Knoop {
  if (!isKnoop(invoer)) return {};
  const schema: Knoop = { ...invoer };
  delete schema.$schema;
  delete schema.$id;
  delete schema.propertyNames;
  delete schema.contentEncoding;
  delete schema.contentMediaType;
  if ('const' in schema) {
    schema.enum = [schema.const];
    delete schema.const;
  }
  if (Array.isArray(schema.examples)) {
    if (schema.example === undefined && schema.examples.length > 0)
      schema.example = schema.examples[0];
    delete schema.examples;
  }
  for (const grens of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (typeof schema[grens] === 'number') {
      schema[grens === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = schema[grens];
      schema[grens] = true;
    }
  }
  if (Array.isArray(schema.type)) {
    const typen = (schema.type as string[]).filter((t) => t !== 'null');
    if (typen.length < schema.type.length) schema.nullable = true;
    if (typen.length === 1) schema.type = typen[0];
    else {
      delete schema.type;
      schema.anyOf = typen.map((type) => ({ type }));
    }
  }
  if (schema.type === 'null') {
    delete schema.type;
    schema.nullable = true;
  }
  for (const sleutel of ['anyOf', 'oneOf'] as const) {
    const varianten = schema[sleutel];
    if (!Array.isArray(varianten)) continue;
    const zonderNull = varianten.filter((v) => !(isKnoop(v) && v.type === 'null'));
    if (zonderNull.length < varianten.length) schema.nullable = true;
    if (
      zonderNull.length === 1 &&
      Object.keys(schema).every(
        (k) => k === sleutel || k === 'nullable' || k === 'description' || k === 'default',
      )
    ) {
      const enige = naarOpenapi30(zonderNull[0]);
      delete schema[sleutel];
      // A $ref cannot carry siblings in 3.0, so a nullable reference goes through allOf.
      Object.assign(schema, '$ref' in enige ? { allOf: [enige] } : enige);
      continue;
    }
    schema[sleutel] = zonderNull.map(naarOpenapi30);
  }
  if (Array.isArray(schema.allOf)) schema.allOf = schema.allOf.map(naarOpenapi30);
  if (schema.not) schema.not = naarOpenapi30(schema.not);
  if (Array.isArray(schema.prefixItems)) {
    // A tuple: 3.0 can only say "an array of these".
    const delen = (schema.prefixItems as unknown[]).map(naarOpenapi30);
    schema.items = delen.length === 1 ? delen[0] : { anyOf: delen };
    delete schema.prefixItems;
  }
  if (schema.items) schema.items = naarOpenapi30(schema.items);
  if (isKnoop(schema.additionalProperties))
    schema.additionalProperties = naarOpenapi30(schema.additionalProperties);
  if (isKnoop(schema.properties)) {
    schema.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([naam, s]) => [naam, naarOpenapi30(s)]),
    );
  }
  // In 3.0 `nullable` does not widen an enum: null has to be one of its values.
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...(schema.enum as unknown[]), null];
  }
  return schema;
}

function isKnoop(waarde: unknown): waarde is Knoop {
  return typeof waarde === 'object' && waarde !== null && !Array.isArray(waarde);
}
