/**
 * The JQL the app sends, parsed and run over the stand-in's issues: clauses on fields and on
 * entity-property search aliases (`=`, `!=`, `<`, `<=`, `>`, `>=`, `IN`, `NOT IN`, `IS [NOT] EMPTY`),
 * `AND`, `OR`, `NOT`, parentheses, `ORDER BY`, and the functions `now()` and `currentUser()`.
 * Anything else is refused with a 400, as Jira refuses JQL it cannot parse.
 */

export type JqlValue = { kind: 'text'; text: string } | { kind: 'number'; value: number } | { kind: 'function'; name: string } | { kind: 'empty' };

export type JqlNode =
  | { type: 'and' | 'or'; items: JqlNode[] }
  | { type: 'not'; item: JqlNode }
  | { type: 'clause'; field: string; op: string; values: JqlValue[] };

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
}

export class JqlError extends Error {}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|<=|>=|=|<|>|~|\(|\)|,)|([^\s=!<>~(),"']+))/y;

type Token = { kind: 'string' | 'symbol' | 'word'; text: string };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (!/^\s*$/.test(jql.slice(TOKEN.lastIndex))) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(jql);
    if (!match) throw new JqlError(`Error in the JQL Query: unexpected text at character ${at + 1}`);
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (match[2] !== undefined) tokens.push({ kind: 'symbol', text: match[2] });
    else tokens.push({ kind: 'word', text: match[3]! });
  }
  return tokens;
}

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (text: string) => peek()?.kind === 'word' && peek()!.text.toUpperCase() === text;
  const expect = (text: string) => {
    if (peek()?.text.toUpperCase() !== text) throw new JqlError(`Error in the JQL Query: expected "${text}" but got "${peek()?.text ?? 'the end'}"`);
    i++;
  };

  const value = (): JqlValue => {
    const token = tokens[i++];
    if (!token) throw new JqlError('Error in the JQL Query: a value is missing at the end');
    if (token.kind === 'string') return { kind: 'text', text: token.text };
    if (token.kind === 'symbol') throw new JqlError(`Error in the JQL Query: expected a value but got "${token.text}"`);
    if (peek()?.text === '(') {
      i++;
      expect(')');
      return { kind: 'function', name: token.text.toLowerCase() };
    }
    if (/^(EMPTY|NULL)$/i.test(token.text)) return { kind: 'empty' };
    if (/^-?\d+(\.\d+)?$/.test(token.text)) return { kind: 'number', value: Number(token.text) };
    return { kind: 'text', text: token.text };
  };

  const clause = (): JqlNode => {
    const field = tokens[i++];
    if (!field || field.kind === 'symbol') throw new JqlError(`Error in the JQL Query: expected a field but got "${field?.text ?? 'the end'}"`);
    const name = field.text.toLowerCase();
    if (isWord('IS')) {
      i++;
      const negated = isWord('NOT') ? (i++, true) : false;
      const empty = value();
      if (empty.kind !== 'empty') throw new JqlError('Error in the JQL Query: IS takes EMPTY or NULL');
      return { type: 'clause', field: name, op: negated ? 'is not' : 'is', values: [empty] };
    }
    let op: string;
    if (isWord('NOT') && tokens[i + 1]?.text.toUpperCase() === 'IN') {
      i += 2;
      op = 'not in';
    } else if (isWord('IN')) {
      i++;
      op = 'in';
    } else {
      const symbol = tokens[i++];
      if (!symbol || symbol.kind !== 'symbol' || symbol.text === '(' || symbol.text === ')' || symbol.text === ',') {
        throw new JqlError(`Error in the JQL Query: expected an operator after "${field.text}"`);
      }
      op = symbol.text;
    }
    if (op === 'in' || op === 'not in') {
      expect('(');
      const values = [value()];
      while (peek()?.text === ',') {
        i++;
        values.push(value());
      }
      expect(')');
      return { type: 'clause', field: name, op, values };
    }
    return { type: 'clause', field: name, op, values: [value()] };
  };

  const primary = (): JqlNode => {
    if (isWord('NOT')) {
      i++;
      return { type: 'not', item: primary() };
    }
    if (peek()?.text === '(') {
      i++;
      const inner = or();
      expect(')');
      return inner;
    }
    return clause();
  };
  /** `next (WORD next)*`, one node when there is a single operand. */
  const joined = (word: 'AND' | 'OR', next: () => JqlNode): JqlNode => {
    const items = [next()];
    while (isWord(word)) {
      i++;
      items.push(next());
    }
    return items.length === 1 ? items[0]! : { type: word === 'AND' ? 'and' : 'or', items };
  };
  const and = (): JqlNode => joined('AND', primary);
  const or = (): JqlNode => joined('OR', and);

  const where = peek() && !isWord('ORDER') ? or() : null;
  const orderBy: JqlQuery['orderBy'] = [];
  if (isWord('ORDER')) {
    i++;
    expect('BY');
    do {
      if (peek()?.text === ',') i++;
      const field = tokens[i++];
      if (!field || field.kind === 'symbol') throw new JqlError('Error in the JQL Query: ORDER BY needs a field');
      const direction = isWord('DESC') ? (i++, 'desc' as const) : isWord('ASC') ? (i++, 'asc' as const) : 'asc';
      orderBy.push({ field: field.text.toLowerCase(), direction });
    } while (peek()?.text === ',');
  }
  if (i < tokens.length) throw new JqlError(`Error in the JQL Query: unexpected "${tokens[i]!.text}"`);
  return { where, orderBy };
}

/** What a field holds for one issue, for comparison: text, a number (dates as epoch ms), or nothing. */
export type FieldValue = string | number | null | readonly (string | number)[];

export interface FieldType {
  readonly kind: 'text' | 'number' | 'date' | 'user';
}

export interface JqlContext<T> {
  /** The value of a field for an item, and its type; `undefined` for an unknown field. */
  field(item: T, name: string): { value: FieldValue; type: FieldType } | undefined;
  knows(name: string): boolean;
  now: number;
  currentUser: string | null;
}

/** Parses JQL date literals: `2026-12-01`, `2026-12-01 10:00`, `2026/12/01 10:00`, ISO instants, and offsets like `-5m`, `2d` from now. */
export function jqlDate(text: string, now: number): number | undefined {
  const relative = /^([-+]?)(\d+)([wdhm])$/.exec(text.trim());
  if (relative) {
    const unit = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[3] as 'w' | 'd' | 'h' | 'm'];
    return now + (relative[1] === '-' ? -1 : 1) * Number(relative[2]) * unit;
  }
  const local = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (local) return Date.UTC(+local[1]!, +local[2]! - 1, +local[3]!, +(local[4] ?? 0), +(local[5] ?? 0), +(local[6] ?? 0));
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : instant;
}

/** Checks that every field the query names is known: Jira answers 400 otherwise. */
export function checkFields<T>(query: JqlQuery, context: JqlContext<T>): void {
  const visit = (node: JqlNode | null) => {
    if (!node) return;
    if (node.type === 'clause') {
      if (!context.knows(node.field)) throw new JqlError(`Field '${node.field}' does not exist or you do not have permission to view it.`);
    } else if (node.type === 'not') visit(node.item);
    else node.items.forEach(visit);
  };
  visit(query.where);
  for (const order of query.orderBy) {
    if (!context.knows(order.field)) throw new JqlError(`Not able to sort using field '${order.field}'.`);
  }
}

export function matchesJql<T>(node: JqlNode | null, item: T, context: JqlContext<T>): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'and':
      return node.items.every((child) => matchesJql(child, item, context));
    case 'or':
      return node.items.some((child) => matchesJql(child, item, context));
    case 'not':
      return !matchesJql(node.item, item, context);
    case 'clause':
      return matchesClause(node, item, context);
  }
}

function matchesClause<T>(node: Extract<JqlNode, { type: 'clause' }>, item: T, context: JqlContext<T>): boolean {
  const found = context.field(item, node.field)!;
  const actual = found.value;
  const values = Array.isArray(actual) ? actual : actual === null ? [] : [actual as string | number];
  if (node.op === 'is') return values.length === 0;
  if (node.op === 'is not') return values.length > 0;
  const wanted = node.values.map((value) => literal(value, found.type, context));
  const equal = (candidate: string | number, target: string | number | null) =>
    target !== null && (typeof candidate === 'string' && typeof target === 'string' ? candidate.toLowerCase() === target.toLowerCase() : candidate === target);
  switch (node.op) {
    case '=':
      return wanted[0] === null ? values.length === 0 : values.some((v) => equal(v, wanted[0]!));
    case '!=':
      return wanted[0] === null ? values.length > 0 : values.length > 0 && !values.some((v) => equal(v, wanted[0]!));
    case 'in':
      return values.some((v) => wanted.some((w) => equal(v, w))) || (wanted.includes(null) && values.length === 0);
    case 'not in':
      return values.length > 0 && !values.some((v) => wanted.some((w) => equal(v, w)));
    case '~':
      return values.some((v) => String(v).toLowerCase().includes(String(wanted[0] ?? '').toLowerCase()));
    default: {
      const target = wanted[0];
      if (target === null || target === undefined) return false;
      return values.some((v) => compare(v, target, node.op));
    }
  }
}

function compare(a: string | number, b: string | number, op: string): boolean {
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

function literal<T>(value: JqlValue, type: FieldType, context: JqlContext<T>): string | number | null {
  if (value.kind === 'empty') return null;
  if (value.kind === 'function') {
    if (value.name === 'now') return context.now;
    if (value.name === 'currentuser') return context.currentUser;
    throw new JqlError(`Unable to find JQL function '${value.name}()'.`);
  }
  if (type.kind === 'date') {
    const instant = value.kind === 'number' ? value.value : jqlDate(value.text, context.now);
    if (instant === undefined) throw new JqlError(`Date value '${value.kind === 'text' ? value.text : ''}' is invalid.`);
    return instant;
  }
  if (type.kind === 'number') {
    const number = value.kind === 'number' ? value.value : Number(value.text);
    if (Number.isNaN(number)) throw new JqlError(`Value '${value.kind === 'text' ? value.text : ''}' is not a number.`);
    return number;
  }
  return value.kind === 'number' ? String(value.value) : value.text;
}

/** Sorts by the ORDER BY fields; issues without a value come last, as in Jira. */
export function sortByJql<T>(items: T[], orderBy: JqlQuery['orderBy'], context: JqlContext<T>): T[] {
  return [...items].sort((a, b) => {
    for (const { field, direction } of orderBy) {
      const va = first(context.field(a, field)?.value ?? null);
      const vb = first(context.field(b, field)?.value ?? null);
      if (va === vb) continue;
      if (va === null) return 1;
      if (vb === null) return -1;
      const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'en', { numeric: true });
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  });
}

function first(value: FieldValue): string | number | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value as string | number | null);
}
