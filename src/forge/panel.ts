/** The issue panel's resolver: the issue comes from the invocation context, never the payload. */
import { panelView } from '../app/panel';
import { BadRequestError, defineResolvers } from './respond';

export const handler = defineResolvers('panel', {
  getSla: async (_payload, caller) => {
    if (!caller.issueKey) throw new BadRequestError('This resolver answers only inside an issue view');
    return panelView(caller.issueKey);
  },
});
