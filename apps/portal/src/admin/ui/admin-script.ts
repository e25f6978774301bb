// The console's progressive script, served at /admin/assets/admin.js. Kept as a string so
// the build ships it without a bundler; it runs in the browser, not in Node.
/** Source of `/admin/assets/admin.js`. */
export const ADMIN_SCRIPT = String.raw`'use strict';
(function () {
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function api(method, url, body) {
    var headers = { 'X-CSRF-Token': csrf };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 204) return { ok: true, status: 204, data: null };
      return response.json().then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function setPath(target, name, value) {
    var parts = name.replace(/\[\]$/, '').split(/\.|\[|\]\.?/).filter(function (p) { return p !== ''; });
    var node = target;
    for (var i = 0; i < parts.length - 1; i++) {
      var key = /^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i];
      var nextIsIndex = /^\d+$/.test(parts[i + 1]);
      if (node[key] === undefined) node[key] = nextIsIndex ? [] : {};
      node = node[key];
    }
    var last = parts[parts.length - 1];
    if (/\[\]$/.test(name)) {
      if (!Array.isArray(node[last])) node[last] = [];
      if (value !== null) node[last].push(value);
    } else {
      node[last] = value;
    }
  }

  function serialize(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      if (el.type === 'checkbox') {
        if (/\[\]$/.test(el.name)) setPath(body, el.name, el.checked ? el.value : null);
        else setPath(body, el.name, el.checked);
      } else if (el.type === 'radio') {
        if (el.checked) setPath(body, el.name, el.value);
      } else {
        setPath(body, el.name, el.value);
      }
    });
    if (Array.isArray(body.issuers)) body.issuers = body.issuers.filter(function (i) { return i; });
    return body;
  }

  function clearErrors(form) {
    form.querySelectorAll('[data-error-for]').forEach(function (slot) { slot.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  }

  function status(form, text, isError) {
    var slot = form.querySelector('[data-role="status"]');
    if (!slot) return;
    slot.textContent = text;
    slot.classList.toggle('bad', Boolean(isError));
  }

  function showErrors(form, result) {
    var fields = (result.data && result.data.fields) || {};
    var first = null;
    Object.keys(fields).forEach(function (path) {
      var slot = form.querySelector('[data-error-for="' + CSS.escape(path) + '"]');
      var base = path.replace(/\[\d+\]$/, '');
      if (slot) slot.textContent = fields[path];
      else {
        slot = form.querySelector('[data-error-for="' + CSS.escape(base) + '"]');
        if (slot) slot.textContent = (slot.textContent ? slot.textContent + ' ' : '') + fields[path];
      }
      var input = form.querySelector('[name="' + CSS.escape(path) + '"]') ||
        form.querySelector('[name="' + CSS.escape(base) + '"]');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        if (!first) first = input;
      }
    });
    var error = result.data && result.data.error;
    status(form, error ? error.message : 'The request failed.', true);
    if (first) first.focus();
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  var onSuccess = {
    'signed-in': function () { window.location.assign('/admin/sso'); },
    reload: function () { window.location.reload(); },
    saved: function (form) { status(form, 'Saved.', false); },
    diagnosis: function (form, data) {
      var box = document.querySelector('[data-role="verdict"]');
      box.textContent = '';
      var heading = el('h2', data.eligible ? 'Eligible: this contact can open Payments.' : 'Not eligible', {
        'data-testid': 'diagnose-outcome',
        'data-eligible': String(data.eligible),
      });
      box.appendChild(heading);
      if (data.contact) {
        box.appendChild(el('p', 'Contact #' + data.contact.id + ' · PSA id ' + data.contact.psaId + ' · ' +
          (data.contact.companyName || 'no company') + ' · profile ' + data.contact.profileName));
      }
      var list = el('ul', null, { class: 'reasons' });
      data.explanations.forEach(function (reason) {
        var item = el('li', null, { 'data-reason': reason.code, 'data-testid': 'diagnose-reason-' + reason.code });
        item.appendChild(el('code', reason.code));
        item.appendChild(el('p', reason.summary));
        item.appendChild(el('p', 'Fix: ' + reason.fix));
        var link = el('a', 'Fix it in ' + reason.section_label, { href: reason.href, 'data-testid': 'diagnose-fix-link-' + reason.code });
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
      status(form, '', false);
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    },
    'bulk-preview': function (form, data) {
      var box = form.querySelector('[data-role="bulk-result"]');
      box.textContent = '';
      box.appendChild(el('p', data.count + ' default billing contacts would get this profile.', { 'data-testid': 'bulk-count', 'data-count': String(data.count) }));
      if (data.sample.length > 0) {
        var list = el('ul');
        data.sample.forEach(function (name) { list.appendChild(el('li', name)); });
        box.appendChild(list);
      }
      form.querySelector('[data-action="bulk-apply"]').hidden = data.count === 0;
      status(form, '', false);
    },
  };

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('form[data-api]')) return;
    event.preventDefault();
    clearErrors(form);
    status(form, 'Working…', false);
    var button = form.querySelector('[type="submit"]');
    if (button) button.disabled = true;
    api(form.dataset.method || 'POST', form.dataset.api, serialize(form)).then(function (result) {
      if (button) button.disabled = false;
      if (result.ok) return onSuccess[form.dataset.onSuccess](form, result.data);
      if (result.data && result.data.error && result.data.error.code === 'totp_required') {
        form.querySelector('[data-role="totp"]').hidden = false;
        form.querySelector('[name="totp"]').focus();
      }
      showErrors(form, result);
    }).catch(function () {
      if (button) button.disabled = false;
      status(form, 'The portal could not be reached. Try again.', true);
    });
  });

  function rowStatus(text, isError) {
    var slot = document.querySelector('[data-role="row-status"]');
    if (slot) { slot.textContent = text; slot.classList.toggle('bad', Boolean(isError)); }
  }

  function reportResult(result, okText) {
    if (result.ok) rowStatus(okText, false);
    else rowStatus((result.data && result.data.error && result.data.error.message) || 'The change failed.', true);
    return result;
  }

  // Redraws a server-rendered table from a fresh copy of this page, keeping the rest as is.
  function refreshTable(testid) {
    fetch(window.location.href, { credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, 'text/html');
        var selector = '[data-testid="' + testid + '"] tbody';
        var next = fresh.querySelector(selector);
        var current = document.querySelector(selector);
        if (next && current) current.replaceWith(document.importNode(next, true));
      });
  }

  var actions = {
    'sign-out': function () {
      api('DELETE', '/api/v1/admin/session').then(function () { window.location.assign('/admin/login'); });
    },
    'add-issuer': function (button) {
      var form = button.closest('form');
      var list = form.querySelector('[data-role="issuers"]');
      var index = list.querySelectorAll('[data-role="issuer"]').length;
      var template = form.querySelector('[data-role="issuer-template"]').innerHTML;
      var wrapper = document.createElement('div');
      wrapper.innerHTML = template.replace(/999/g, String(index)).replace(/Trusted issuer 1000/g, 'Trusted issuer ' + (index + 1));
      var row = wrapper.firstElementChild;
      list.appendChild(row);
      row.querySelector('input').focus();
    },
    'remove-issuer': function (button) {
      var row = button.closest('[data-role="issuer"]');
      row.querySelectorAll('input, textarea').forEach(function (input) {
        if (input.type === 'checkbox') input.checked = false; else input.value = '';
      });
      row.hidden = true;
    },
    'bulk-apply': function (button) {
      var form = button.closest('form');
      var body = serialize(form);
      button.disabled = true;
      api('POST', '/api/v1/admin/bulk-profile/apply', body).then(function (result) {
        button.disabled = false;
        if (!result.ok) return showErrors(form, result);
        button.hidden = true;
        var box = form.querySelector('[data-role="bulk-result"]');
        box.textContent = '';
        box.appendChild(el('p', result.data.updated + ' contacts updated.', { 'data-testid': 'bulk-updated', 'data-updated': String(result.data.updated) }));
        refreshTable('contacts-table');
      });
    },
    'delete-profile': function (button) {
      api('DELETE', '/api/v1/admin/profiles/' + button.dataset.profile).then(function (result) {
        if (reportResult(result, 'Profile deleted.').ok) window.location.reload();
      });
    },
    'totp-enrol': function (button) {
      api('POST', '/api/v1/admin/users/' + button.dataset.user + '/totp', {}).then(function (result) {
        if (!reportResult(result, 'Second factor set up. Copy the secret now; it is not shown again.').ok) return;
        var box = document.querySelector('[data-role="totp-secret"]');
        box.textContent = '';
        box.appendChild(el('h2', 'New second-factor secret'));
        box.appendChild(el('p', 'Secret (base32): '));
        box.lastChild.appendChild(el('code', result.data.secret, { 'data-testid': 'totp-secret-value' }));
        box.appendChild(el('p', 'Authenticator URI: '));
        box.lastChild.appendChild(el('code', result.data.otpauth_uri));
      });
    },
    'totp-remove': function (button) {
      api('DELETE', '/api/v1/admin/users/' + button.dataset.user + '/totp').then(function (result) {
        if (reportResult(result, 'Second factor removed.').ok) window.location.reload();
      });
    },
    'sync-now': function (button) {
      button.disabled = true;
      api('POST', '/api/v1/admin/sync', {}).then(function (result) {
        reportSync(result);
        pollSync();
      });
    },
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button || !actions[button.dataset.action]) return;
    actions[button.dataset.action](button);
  });

  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.matches('select[data-action="set-profile"]')) {
      api('PUT', '/api/v1/admin/contacts/' + target.dataset.contact + '/profile', { profile_id: Number(target.value) })
        .then(function (result) { reportResult(result, 'Profile saved.'); });
    }
    if (target.matches('select[data-action="set-role"]')) {
      api('PUT', '/api/v1/admin/users/' + target.dataset.user + '/role', { role: target.value })
        .then(function (result) { reportResult(result, 'Role saved.'); });
    }
    if (target.matches('select[name="provider"]')) toggleCallback();
  });

  function toggleCallback() {
    var provider = document.querySelector('select[name="provider"]');
    var block = document.querySelector('[data-role="callback-only"]');
    if (provider && block) block.hidden = provider.value !== 'token_callback';
  }
  toggleCallback();

  function reportSync(result) {
    if (!result.ok) {
      var slot = document.querySelector('[data-role="status"]');
      if (slot) slot.textContent = (result.data && result.data.error && result.data.error.message) || 'Sync failed to start.';
    }
  }

  function drawSync(data) {
    var box = document.querySelector('[data-role="sync-progress"]');
    var button = document.querySelector('[data-action="sync-now"]');
    var progress = data.progress;
    box.textContent = '';
    if (progress) {
      var label = progress.running
        ? 'Syncing ' + (progress.entity || '…') + ': ' + progress.processed + (progress.total ? ' of ' + progress.total : '')
        : 'Last console sync ' + progress.status + (progress.error ? ': ' + progress.error : '');
      box.appendChild(el('p', label, { 'data-status': progress.status }));
      if (progress.running) {
        var bar = el('progress', null, { max: String(progress.total || 1), value: String(progress.total ? progress.processed : 0), 'aria-label': 'Sync progress' });
        box.appendChild(bar);
      }
    }
    if (button) button.disabled = Boolean(progress && progress.running);
    var body = document.querySelector('[data-role="sync-runs"]');
    body.textContent = '';
    if (data.runs.length === 0) {
      var empty = el('tr'); empty.appendChild(el('td', 'No sync has run yet.', { colspan: '5' })); body.appendChild(empty);
    }
    data.runs.forEach(function (run) {
      var row = el('tr');
      row.appendChild(el('td', run.started_at));
      row.appendChild(el('td', run.finished_at || '—'));
      row.appendChild(el('td', run.status));
      row.appendChild(el('td', JSON.stringify(run.counts)));
      row.appendChild(el('td', run.error || ''));
      body.appendChild(row);
    });
    return progress && progress.running;
  }

  function pollSync() {
    api('GET', '/api/v1/admin/sync').then(function (result) {
      if (result.ok && drawSync(result.data)) setTimeout(pollSync, 1000);
    });
  }
  if (document.querySelector('[data-role="sync-runs"]')) pollSync();
})();
`;
