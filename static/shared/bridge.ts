/**
 * The apps' way to their resolvers and to the host, through `@forge/bridge`: in Jira, or in the
 * local preview, whose host answers the same bridge calls.
 */
import { events, invoke, view } from '@forge/bridge';
import type { Answer, AnswerOf, Module, PayloadOf, ResolverName } from '../../src/contract';

export type { Answer };

/**
 * The typed caller of one module's resolvers (`resolvers('admin')('saveConfig', {...})`): names,
 * payloads and answers come from the contract. A failure to reach the app becomes an answer too,
 * so every screen has one path for errors.
 */
export function resolvers<M extends Module>(_module: M) {
  return async function call<K extends ResolverName<M>>(name: K, ...[payload]: Record<string, never> extends PayloadOf<M, K> ? [PayloadOf<M, K>?] : [PayloadOf<M, K>]): Promise<Answer<AnswerOf<M, K>>> {
    try {
      return (await invoke<Answer<AnswerOf<M, K>>>(name, (payload ?? {}) as Record<string, unknown>)) as Answer<AnswerOf<M, K>>;
    } catch (error) {
      return { ok: false, error: { code: 'unreachable', message: `The SLA app could not be reached: ${(error as Error).message}` } };
    }
  };
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

/**
 * Calls `handler` whenever the Jira issue view says its issue changed (updated or commented);
 * returns the way to stop listening.
 */
export function onIssueChanged(handler: () => void): () => void {
  const subscription = events.on('JIRA_ISSUE_CHANGED', handler);
  return () => void subscription.then((listener) => listener.unsubscribe()).catch(() => undefined);
}

/** Follows Jira's light or dark theme with Atlassian design tokens. */
export function followTheme(): void {
  void view.theme.enable().catch(() => undefined);
}
