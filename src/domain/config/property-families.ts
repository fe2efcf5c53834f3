/**
 * Which metrics have a family of values in the mirrored issue property that Jira indexes for JQL:
 * response and resolution by name, the first four other metric ids of the config by number.
 */

/** Metrics other than response and resolution get the numbered families, in order of first appearance in the config. */
export const NUMBERED_FAMILIES = ['m1', 'm2', 'm3', 'm4'] as const;

/** The property key of each metric id with a JQL family: response, resolution, then `m1`..`m4`. */
export function propertyKeys(metricIds: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  let next = 0;
  for (const id of metricIds) {
    if (keys.has(id)) continue;
    if (id === 'response' || id === 'resolution') keys.set(id, id);
    else if (next < NUMBERED_FAMILIES.length) keys.set(id, NUMBERED_FAMILIES[next++]!);
  }
  return keys;
}

