/**
 * A config problem's place in words a person reads: `policies[0].metrics[0].targets.High.vip`
 * becomes `Customer support → Time to first response → High → VIP`. The JSON path stays what the
 * CLI prints; the admin page shows these words.
 */

/** One problem with a config document: where (`policies[0].response.targets.High.vip`) and why. */
export interface ConfigError {
  readonly path: string;
  readonly message: string;
}

/** `["policies", 0, "scope"]` -> `policies[0].scope`; the document itself is `$`. */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`))
    .join('');
  return text === '' ? '$' : text.replace(/^\./, '');
}



type Node = Record<string, unknown> | unknown[] | undefined;

const SECTIONS: Record<string, string> = { calendars: 'Calendars', tiers: 'Tiers', policies: 'Policies', agreements: 'Agreements' };

const FIELD_WORDS: Record<string, string> = {
  scope: 'scope',
  projects: 'projects',
  issueTypes: 'issue types',
  requestTypes: 'request types',
  metrics: 'metrics',
  targets: 'targets',
  start: 'start conditions',
  stop: 'stop conditions',
  pause: 'pause',
  escalations: 'escalation rules',
  actions: 'actions',
  weekly: 'weekly hours',
  holidays: 'holidays',
  rules: 'rules',
  customer: 'customer',
  serviceLevels: 'service levels',
  credits: 'credits',
  fee: 'fee',
  earnBack: 'earn-back',
  timeZone: 'time zone',
  warnAtPercent: 'at-risk threshold',
  validFrom: 'valid from',
  validTo: 'valid to',
  atRiskPercent: 'amount at risk',
  capPercent: 'cap',
  percentOfShare: 'percent of share',
  expected: 'expected level',
  minimum: 'minimum level',
  share: 'share',
};

/** What names an element of a list: its name, else its id, else its position. */
function nameOf(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const record = item as { name?: unknown; id?: unknown };
    if (typeof record.name === 'string' && record.name) return record.name;
    if (typeof record.id === 'string' && record.id) return record.id;
  }
  return `#${index + 1}`;
}

/** Splits `policies[0].metrics["a b"].x` into its keys. */
export function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const pattern = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) {
    keys.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string)));
  }
  return keys;
}

/**
 * The path in words, read against the document it points into (names of policies, metrics, tiers
 * come from there).
 *
 * @example
 * describePath(config, 'policies[0].metrics[0].targets.High.vip') // 'Customer support → Time to first response → High → VIP'
 */
export function describePath(document: unknown, path: string): string {
  if (path === '$') return 'The document';
  const words: string[] = [];
  let node = document as Node;
  const tiers = ((document as { tiers?: { id?: unknown; name?: unknown }[] } | undefined)?.tiers ?? []) as { id?: unknown; name?: unknown }[];
  const keys = pathKeys(path);
  keys.forEach((key, i) => {
    const parent = keys[i - 1];
    if (typeof key === 'number') {
      const item = Array.isArray(node) ? node[key] : undefined;
      words.push(nameOf(item, key));
      node = item as Node;
      return;
    }
    const next = node && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    if (i === 0) words.push(SECTIONS[key] ?? key);
    else if (parent === 'targets') words.push(key === '*' ? 'Any other priority' : key);
    else if (typeof parent === 'string' && keys[i - 2] === 'targets') words.push(key === 'calendar' ? 'calendar' : String(tiers.find((tier) => tier.id === key)?.name ?? key));
    // A list followed by its element, and `targets` followed by a priority, are said by what follows.
    else if (!(typeof keys[i + 1] === 'number' || (key === 'targets' && keys[i + 1] !== undefined))) words.push(FIELD_WORDS[key] ?? key);
    node = next as Node;
  });
  // A list's own name adds nothing before the element that names it ("Policies → Customer support").
  return words.filter((word, i) => !(i === 0 && keys[1] !== undefined && typeof keys[1] === 'number')).join(' → ');
}
