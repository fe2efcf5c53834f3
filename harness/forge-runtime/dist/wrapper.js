// The local stand-in for Forge's Node runtime wrapper, which `forge deploy` downloads from
// Atlassian's CDN and adds beside the bundle. Only the offline bundle check uses it: it is never
// part of the app's code, and the bundle it sits beside is built exactly as `forge deploy` builds it.
module.exports = { wrapper: 'local stand-in' };
