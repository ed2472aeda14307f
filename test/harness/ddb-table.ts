/**
 * An in-memory DynamoDB table for the fakes: PutItem, UpdateItem and DeleteItem with real condition and update
 * expressions (comparisons, AND/OR/NOT, parentheses, attribute_exists/attribute_not_exists; SET and REMOVE).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** An item in DynamoDB's JSON form. */
export type Item = Record<string, AttributeValue>;

/** The error DynamoDB answers when a condition does not hold. */
export class ConditionFailed extends Error {
  override readonly name = 'ConditionalCheckFailedException';
}

interface Request {
  readonly Item?: Item;
  readonly Key?: Item;
  readonly ConditionExpression?: string;
  readonly UpdateExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Item;
}

type Scalar = string | number | undefined;

function scalar(v: AttributeValue | undefined): Scalar {
  if (!v) return undefined;
  if ('N' in v && v.N !== undefined) return Number(v.N);
  if ('S' in v && v.S !== undefined) return v.S;
  if ('BOOL' in v && v.BOOL !== undefined) return String(v.BOOL);
  return JSON.stringify(v);
}

function tokenize(expr: string): string[] {
  return expr.match(/<=|>=|<>|[()=<>,]|[#:]?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/** Evaluates a condition expression against an item (undefined when the item does not exist). */
export function evaluateCondition(expr: string, item: Item | undefined, req: Request): boolean {
  const tokens = tokenize(expr);
  let i = 0;
  const name = (t: string) => (t.startsWith('#') ? (req.ExpressionAttributeNames?.[t] ?? t) : t);
  const operand = (t: string): Scalar =>
    t.startsWith(':') ? scalar(req.ExpressionAttributeValues?.[t]) : scalar(item?.[name(t)]);

  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      i++; // ')'
      return v;
    }
    if (t?.toUpperCase() === 'NOT') return !primary();
    if (t === 'attribute_not_exists' || t === 'attribute_exists') {
      i++; // '('
      const path = name(tokens[i++] as string);
      i++; // ')'
      const present = item !== undefined && item[path] !== undefined;
      return t === 'attribute_exists' ? present : !present;
    }
    const left = operand(t as string);
    const op = tokens[i++];
    const right = operand(tokens[i++] as string);
    if (left === undefined || right === undefined) return op === '<>' ? left !== right : false;
    switch (op) {
      case '=':
        return left === right;
      case '<>':
        return left !== right;
      case '<':
        return left < right;
      case '<=':
        return left <= right;
      case '>':
        return left > right;
      case '>=':
        return left >= right;
      default:
        throw new Error(`unsupported operator ${op} in ${expr}`);
    }
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[i]?.toUpperCase() === 'AND') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i]?.toUpperCase() === 'OR') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  return or();
}

function applyUpdate(expr: string, item: Item, req: Request): Item {
  const out: Item = { ...item };
  const name = (t: string) => (t.startsWith('#') ? (req.ExpressionAttributeNames?.[t] ?? t) : t);
  for (const clause of expr.split(/\b(?=SET\b|REMOVE\b)/)) {
    const [verb, ...rest] = clause.trim().split(/\s+/);
    const body = rest.join(' ');
    if (verb === 'SET') {
      for (const assignment of body.split(',')) {
        const [path, value] = assignment.split('=').map((s) => s.trim());
        const v = req.ExpressionAttributeValues?.[value as string];
        if (path && v) out[name(path)] = v;
      }
    } else if (verb === 'REMOVE') {
      for (const path of body.split(',')) delete out[name(path.trim())];
    }
  }
  return out;
}

/** A table keyed by one string partition key. */
export class FakeTable {
  readonly items = new Map<string, Item>();

  constructor(private readonly keyName = 'pk') {}

  private keyOf(item: Item | undefined): string {
    const v = item?.[this.keyName];
    return v && 'S' in v && v.S !== undefined ? v.S : '';
  }

  private check(req: Request, existing: Item | undefined): void {
    if (req.ConditionExpression && !evaluateCondition(req.ConditionExpression, existing, req)) throw new ConditionFailed();
  }

  putItem(req: Request): void {
    const key = this.keyOf(req.Item);
    this.check(req, this.items.get(key));
    this.items.set(key, { ...(req.Item ?? {}) });
  }

  updateItem(req: Request): void {
    const key = this.keyOf(req.Key);
    const existing = this.items.get(key);
    this.check(req, existing);
    this.items.set(key, applyUpdate(req.UpdateExpression ?? '', existing ?? { ...(req.Key ?? {}) }, req));
  }

  getItem(req: Request): Item | undefined {
    const item = this.items.get(this.keyOf(req.Key));
    return item === undefined ? undefined : { ...item };
  }

  deleteItem(req: Request): void {
    const key = this.keyOf(req.Key);
    this.check(req, this.items.get(key));
    this.items.delete(key);
  }
}
