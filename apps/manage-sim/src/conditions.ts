// The Manage `conditions` query language, the subset the simulator understands:
// comparisons `= != < <= > >=` on known fields, literals (numbers, quoted strings,
// `true`/`false`, datetimes in square brackets), `and`/`or` in any case, and parentheses.

/** The kind of value a field holds; datetimes are epoch milliseconds. */
export type FieldType = 'number' | 'datetime' | 'boolean' | 'string';

/** A filterable field of one entity, read from a row of type R. */
export interface FieldSpec<R> {
  type: FieldType;
  get(row: R): number | boolean | string;
}

/** Raised for a condition the simulator cannot parse; the API turns it into a 400. */
export class ConditionError extends Error {}

type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A parsed condition. */
export type ConditionNode =
  | { kind: 'compare'; field: string; operator: Operator; value: number | boolean | string }
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode };

interface Token {
  kind: 'word' | 'number' | 'string' | 'datetime' | 'operator' | 'open' | 'close';
  text: string;
}

const TOKEN =
  /\s*(?:(\()|(\))|(!=|<=|>=|=|<|>)|\[([^\]]*)\]|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)(?![\w/])|([A-Za-z_][\w/.]*))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null)
      throw new ConditionError(`unexpected text at "${text.slice(start).trim().slice(0, 40)}"`);
    if (match[1] !== undefined) tokens.push({ kind: 'open', text: '(' });
    else if (match[2] !== undefined) tokens.push({ kind: 'close', text: ')' });
    else if (match[3] !== undefined) tokens.push({ kind: 'operator', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'datetime', text: match[4] });
    else if (match[5] !== undefined) tokens.push({ kind: 'string', text: match[5] });
    else if (match[6] !== undefined) tokens.push({ kind: 'string', text: match[6] });
    else if (match[7] !== undefined) tokens.push({ kind: 'number', text: match[7] });
    else tokens.push({ kind: 'word', text: match[8] ?? '' });
  }
  return tokens;
}

/** Parses a conditions string, checking every field and literal against `fields`. */
export function parseConditions<R>(
  text: string,
  fields: Record<string, FieldSpec<R>>,
): ConditionNode {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];

  const parseOr = (): ConditionNode => {
    let left = parseAnd();
    while (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'or') {
      take();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };

  const parseAnd = (): ConditionNode => {
    let left = parsePrimary();
    while (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'and') {
      take();
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };

  const parsePrimary = (): ConditionNode => {
    const token = take();
    if (token === undefined) throw new ConditionError('the condition ends too early');
    if (token.kind === 'open') {
      const inner = parseOr();
      if (take()?.kind !== 'close') throw new ConditionError('a parenthesis is not closed');
      return inner;
    }
    if (token.kind !== 'word')
      throw new ConditionError(`expected a field name, got "${token.text}"`);
    return parseComparison(token.text);
  };

  const parseComparison = (field: string): ConditionNode => {
    const spec = fields[field];
    if (spec === undefined) throw new ConditionError(`unknown field "${field}"`);
    const operator = take();
    if (operator?.kind !== 'operator')
      throw new ConditionError(`expected an operator after "${field}"`);
    const literal = take();
    if (literal === undefined)
      throw new ConditionError(`expected a value after "${field} ${operator.text}"`);
    const value = literalValue(field, spec.type, literal);
    return { kind: 'compare', field, operator: operator.text as Operator, value };
  };

  const tree = parseOr();
  if (position < tokens.length) throw new ConditionError(`unexpected "${tokens[position]?.text}"`);
  return tree;
}

function literalValue(field: string, type: FieldType, token: Token): number | boolean | string {
  if (type === 'number' && token.kind === 'number') return Number(token.text);
  if (type === 'string' && token.kind === 'string') return token.text;
  if (type === 'boolean' && token.kind === 'word' && /^(true|false)$/i.test(token.text)) {
    return token.text.toLowerCase() === 'true';
  }
  if (type === 'datetime' && (token.kind === 'datetime' || token.kind === 'string')) {
    const parsed = Date.parse(token.text);
    if (Number.isNaN(parsed))
      throw new ConditionError(`"${token.text}" is not a datetime for "${field}"`);
    return parsed;
  }
  throw new ConditionError(`"${token.text}" is not a valid ${type} value for "${field}"`);
}

/** Compiles a parsed condition into a predicate over rows. */
export function compileConditions<R>(
  node: ConditionNode,
  fields: Record<string, FieldSpec<R>>,
): (row: R) => boolean {
  if (node.kind !== 'compare') {
    const left = compileConditions(node.left, fields);
    const right = compileConditions(node.right, fields);
    return node.kind === 'and'
      ? (row) => left(row) && right(row)
      : (row) => left(row) || right(row);
  }

  const get = (fields[node.field] as FieldSpec<R>).get;
  const expected = typeof node.value === 'string' ? node.value.toLowerCase() : node.value;
  const read = typeof node.value === 'string' ? (row: R) => String(get(row)).toLowerCase() : get;
  switch (node.operator) {
    case '=':
      return (row) => read(row) === expected;
    case '!=':
      return (row) => read(row) !== expected;
    case '<':
      return (row) => read(row) < expected;
    case '<=':
      return (row) => read(row) <= expected;
    case '>':
      return (row) => read(row) > expected;
    default:
      return (row) => read(row) >= expected;
  }
}

/** Returns the invoice ids a condition pins with `invoice/id = N`, or null when it does not. */
export function pinnedIds(node: ConditionNode, field: string): number[] | null {
  if (node.kind === 'compare') {
    return node.field === field && node.operator === '=' && typeof node.value === 'number'
      ? [node.value]
      : null;
  }
  const left = pinnedIds(node.left, field);
  const right = pinnedIds(node.right, field);
  if (node.kind === 'or') return left !== null && right !== null ? [...left, ...right] : null;
  return left ?? right;
}
