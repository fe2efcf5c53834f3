/** The issue panel's resolver: the issue comes from the invocation context, never the payload. */
import Resolver from '@forge/resolver';
import { panelView } from '../app/panel';
import { answer, BadRequestError } from './respond';

interface IssueContext {
  extension?: { issue?: { key?: string } };
}

const resolver = new Resolver();

resolver.define('getSla', ({ context }) =>
  answer(async () => {
    const key = (context as IssueContext).extension?.issue?.key;
    if (!key) throw new BadRequestError('This resolver answers only inside an issue view');
    return panelView(key);
  }),
);

export const handler = resolver.getDefinitions();
