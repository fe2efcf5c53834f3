/**
 * The apps' way to their resolvers and to the host, through `@forge/bridge`: in Jira, or in the
 * local preview, whose host answers the same bridge calls.
 */
import { invoke, view } from '@forge/bridge';

export type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Calls a resolver; a failure to reach it becomes an answer too, so every screen has one path for errors. */
export async function call<T>(functionKey: string, payload: Record<string, unknown> = {}): Promise<Answer<T>> {
  try {
    return (await invoke<Answer<T>>(functionKey, payload)) as Answer<T>;
  } catch (error) {
    return { ok: false, error: { code: 'unreachable', message: `The SLA app could not be reached: ${(error as Error).message}` } };
  }
}

export interface ViewContext {
  accountId?: string;
  locale: string;
  timezone: string;
  extension: Record<string, unknown>;
}

/** The invocation context, with the viewer's locale and time zone (falling back to the browser's). */
export async function viewContext(): Promise<ViewContext> {
  const context = (await view.getContext()) as unknown as Partial<ViewContext> & { extension?: Record<string, unknown> };
  return {
    accountId: context.accountId,
    locale: context.locale?.replace('_', '-') || navigator.language,
    timezone: context.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone,
    extension: context.extension ?? {},
  };
}

/** Follows Jira's light or dark theme with Atlassian design tokens. */
export function followTheme(): void {
  void view.theme.enable().catch(() => undefined);
}
