import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

// A stand-in for one argument while the query compiles. Finding these objects in the
// compiled parameter list shows which argument goes where.
class Placeholder {
  constructor(readonly index: number) {}
}

/** The source of one compiled parameter: an argument or a fixed value. */
type ParameterSource = { argument: number } | { value: unknown };

interface Template {
  compiled: CompiledQuery;
  sources: ParameterSource[];
}

/** A query of fixed shape, compiled once per dialect and run with new arguments. */
export type ReusableQuery<Args extends unknown[], Row> = (
  db: Kysely<Database>,
  ...args: Args
) => Promise<QueryResult<Row>>;

/**
 * Wraps a query builder whose arguments only ever become SQL parameters, so the query
 * is built and compiled once per dialect instead of on every call. Kysely's building and
 * compiling costs more than running a point lookup on SQLite.
 *
 * On the first call `build` receives stand-in objects for its arguments. It must pass
 * each argument to Kysely as a value, without branching on it or computing with it. An
 * argument that ends up missing from the compiled parameters fails the first call. A
 * branch on an argument (`slug ?? 'default'`) is not detected: it compiles one branch for
 * good, so keep every branch outside the builder. Transactions reuse their database's
 * compiled query, because they share its dialect. Kysely instances with plugins,
 * `withSchema` included, are rejected, because their SQL differs from the template's.
 *
 * @example
 * const byOrigin = reusableQuery(2, (db, origin: string) =>
 *   db.selectFrom('tenants').selectAll().where('portal_origin', '=', origin));
 * const { rows } = await byOrigin(db, 'https://billing.example.com');
 */
export function reusableQuery<Args extends unknown[], Row>(
  arity: Args['length'],
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): ReusableQuery<Args, Row> {
  const templates = new WeakMap<object, Template>();

  return async (db, ...args) => {
    const undefinedAt = args.indexOf(undefined);
    if (undefinedAt !== -1) {
      throw new TypeError(
        `Invalid argument ${undefinedAt} of a reusable query: undefined. Pass null for SQL NULL.`,
      );
    }
    const key = dialectKey(db);
    let template = templates.get(key);
    if (template === undefined) {
      template = compileTemplate(db, arity, build);
      templates.set(key, template);
    }
    const parameters = template.sources.map((source) =>
      'argument' in source ? args[source.argument] : source.value,
    );
    return db.executeQuery<Row>({ ...template.compiled, parameters } as CompiledQuery<Row>);
  };
}

// A transaction has its own Kysely object but shares its parent's dialect adapter, so
// the adapter identifies the SQL dialect a template was compiled for. Plugins, which
// `withSchema` adds, would rewrite the SQL, so a handle with any is rejected.
function dialectKey(db: Kysely<Database>): object {
  const executor = db.getExecutor();
  if (executor.plugins.length > 0) {
    throw new Error(
      'Reusable queries do not run on a Kysely instance with plugins or withSchema, because ' +
        'its SQL would differ from the compiled template. Use the plain database handle.',
    );
  }
  return executor.adapter;
}

function compileTemplate<Args extends unknown[], Row>(
  db: Kysely<Database>,
  arity: number,
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): Template {
  const placeholders = Array.from({ length: arity }, (_, index) => new Placeholder(index));
  const compiled = build(db, ...(placeholders as unknown as Args)).compile();
  const used = new Set<number>();
  const sources = compiled.parameters.map((parameter): ParameterSource => {
    if (parameter instanceof Placeholder) {
      used.add(parameter.index);
      return { argument: parameter.index };
    }
    return { value: parameter };
  });
  if (used.size !== arity) {
    const missing = placeholders.filter((_, index) => !used.has(index)).map((p) => p.index);
    throw new Error(
      `Invalid reusable query: argument ${missing.join(', ')} is missing from the compiled ` +
        `parameters of ${compiled.sql}. Pass every argument to Kysely as a value, or build ` +
        'this query on every call instead.',
    );
  }
  return { compiled, sources };
}
