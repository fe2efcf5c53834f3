/**
 * What changed between two config documents, as lines an admin can read in the audit history:
 * `policies[support].response.targets.High.vip: "30m" → "20m"`. Lists of things with an `id`
 * (calendars, policies) are matched by id, other lists compared as sets.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function describeConfigChange(before: unknown, after: unknown): string[] {
  const lines: string[] = [];
  diff(before as Json, after as Json, '', lines);
  return lines;
}

const show = (value: Json | undefined) => JSON.stringify(value);
const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

function diff(before: Json | undefined, after: Json | undefined, path: string, lines: string[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const where = path || '$';
  if (Array.isArray(before) && Array.isArray(after)) return diffLists(before, after, where, lines);
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!(key in after)) lines.push(`${child(path, key)}: removed (was ${show(before[key])})`);
      else if (!(key in before)) lines.push(`${child(path, key)}: set to ${show(after[key])}`);
      else diff(before[key], after[key], child(path, key), lines);
    }
    return;
  }
  lines.push(`${where}: ${show(before)} → ${show(after)}`);
}

function diffLists(before: Json[], after: Json[], path: string, lines: string[]): void {
  const ids = (list: Json[]) => (list.every((item) => isObject(item) && typeof item.id === 'string') ? list.map((item) => (item as { id: string }).id) : null);
  const beforeIds = ids(before);
  const afterIds = ids(after);
  if (beforeIds && afterIds) {
    const byId = (list: Json[], id: string) => list.find((item) => (item as { id: string }).id === id);
    for (const id of beforeIds.filter((id) => !afterIds.includes(id))) lines.push(`${path}: removed "${id}"`);
    for (const id of afterIds.filter((id) => !beforeIds.includes(id))) lines.push(`${path}: added "${id}"`);
    for (const id of afterIds.filter((id) => beforeIds.includes(id))) diff(byId(before, id), byId(after, id), `${path}[${id}]`, lines);
    const kept = beforeIds.filter((id) => afterIds.includes(id));
    if (kept.join() !== afterIds.filter((id) => beforeIds.includes(id)).join()) lines.push(`${path}: order changed to ${afterIds.join(', ')}`);
    return;
  }
  const beforeItems = new Set(before.map((item) => JSON.stringify(item)));
  const afterItems = new Set(after.map((item) => JSON.stringify(item)));
  for (const item of beforeItems) if (!afterItems.has(item)) lines.push(`${path}: removed ${item}`);
  for (const item of afterItems) if (!beforeItems.has(item)) lines.push(`${path}: added ${item}`);
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
