import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * Drops `additionalProperties: false`. fast-json-stringify writes only the properties a schema
 * declares, so nothing extra reaches the client either way; but inside `anyOf` (every nullable
 * object) it checks the value against each branch, and there `false` would refuse an object with
 * extra fields instead of leaving them out as zod does.
 */
function openObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openObjects);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = openObjects(value);
  }
  return out;
}

/**
 * Compiles each route's zod response schema once, through its JSON Schema, to fast-json-stringify:
 * the same output as zod (declared fields only, extra ones left out) at a fifth of zod's per-response
 * cost, which on a small authenticated route was an eighth of the request. A schema JSON Schema
 * cannot express (a transform, a Date) keeps the zod serializer.
 */
export const responseSerializerCompiler = ((route: { schema: unknown; method: string; url: string }) => {
  const schema = route.schema;
  if (schema instanceof z.ZodType) {
    try {
      const json = z.toJSONSchema(schema as ZodType, {
        target: 'draft-7',
        io: 'output',
        unrepresentable: 'throw',
      });
      return fastJson(openObjects(json) as never);
    } catch {
      // Not expressible as JSON Schema: zod serializes it.
    }
  }
  return zodSerializerCompiler(route as never);
}) as unknown as FastifySerializerCompiler<ZodType>;
