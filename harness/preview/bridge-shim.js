// The local host's side of @forge/bridge: installed in each Custom UI frame before the app's
// bundle, it answers the bridge's calls as Jira's frame host does, through the preview server.
(function () {
  var params = new URLSearchParams(location.search);
  var frame = { module: params.get('module'), accountId: params.get('as'), issueKey: params.get('issue') };

  function applyTheme() {
    var html = document.documentElement;
    html.setAttribute('data-color-mode', params.get('theme') === 'dark' ? 'dark' : 'light');
    html.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography shape:shape');
    if (!document.getElementById('preview-theme')) {
      var link = document.createElement('link');
      link.id = 'preview-theme';
      link.rel = 'stylesheet';
      link.href = '/preview/theme.css';
      document.head.appendChild(link);
    }
    if (document.body) document.body.style.background = 'var(--ds-surface, #fff)';
  }

  // Events the host page sends this frame (as Jira's issue view sends JIRA_ISSUE_CHANGED).
  var listeners = {};
  window.addEventListener('message', function (message) {
    var data = message.data;
    if (message.origin !== location.origin || !data || data.type !== 'forge-event') return;
    (listeners[data.event] || []).slice().forEach(function (callback) {
      callback(data.payload);
    });
  });

  // A page's own route (Jira keeps it in the page's URL after the app's path): here in the frame's
  // `route` parameter, told to the host page so that its URL, bookmarked, opens the same view.
  function createHistory() {
    var listeners = [];
    var parse = function (route) {
      var url = new window.URL(route || '/', location.origin);
      return { pathname: url.pathname, search: url.search, hash: url.hash, state: null, key: String(Date.now()) };
    };
    var history = { location: parse(params.get('route')), action: 'POP' };
    var go = function (action) {
      return function (to) {
        var route = typeof to === 'string' ? to : (to.pathname || '/') + (to.search || '') + (to.hash || '');
        history.location = parse(route);
        history.action = action;
        params.set('route', route);
        window.history.replaceState(null, '', location.pathname + '?' + params.toString());
        if (window.parent !== window) window.parent.postMessage({ type: 'forge-route', module: frame.module, route: route }, location.origin);
        listeners.slice().forEach(function (listener) {
          listener(history.location, action);
        });
      };
    };
    history.push = go('PUSH');
    history.replace = go('REPLACE');
    history.listen = function (listener) {
      listeners.push(listener);
      return function () {
        listeners.splice(listeners.indexOf(listener), 1);
      };
    };
    return history;
  }

  window.__bridge = {
    callBridge: function (command, data) {
      if (command === 'enableTheming') return Promise.resolve(applyTheme());
      if (command === 'createHistory') return Promise.resolve(createHistory());
      if (command === 'on') {
        var list = (listeners[data.event] = listeners[data.event] || []);
        list.push(data.callback);
        return Promise.resolve({
          unsubscribe: function () {
            list.splice(list.indexOf(data.callback), 1);
          },
        });
      }
      if (command === 'navigate' || command === 'open') {
        var target = data && (data.url || (data.target === 'issue' ? '/?issue=' + data.issueKey : null));
        if (target) window.open(target, '_blank');
        return Promise.resolve();
      }
      if (command !== 'invoke' && command !== 'getContext') return Promise.resolve(null);
      return fetch('/preview/bridge', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ command: command, data: data, frame: frame }),
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message || 'The local host failed');
          return body.result;
        });
      });
    },
  };
  applyTheme();
})();
