/**
 * Property shorthands for the service's entity schemas; they map to the column types of migration
 * 0001. They return `never` so one shorthand fits any entity's typed property slot (MikroORM's
 * EntitySchemaProperty is a union that a shared object type cannot satisfy).
 */
const prop = (o: Record<string, unknown>): never => o as never;

export const p = {
  text: (nullable = false) => prop({ type: 'string', columnType: 'text', nullable }),
  uuid: (nullable = false) => prop({ type: 'uuid', nullable }),
  int: (nullable = false) => prop({ type: 'integer', nullable }),
  float: (nullable = false) => prop({ type: 'double', columnType: 'double precision', nullable }),
  bool: () => prop({ type: 'boolean' }),
  /** A calendar day, kept as 'YYYY-MM-DD' (no time-zone games). */
  date: (nullable = false) => prop({ type: 'string', columnType: 'date', nullable }),
  timestamp: (nullable = true) => prop({ type: 'Date', columnType: 'timestamptz', nullable }),
  json: () => prop({ type: 'json' }),
};
