import { SUPPORTED_ALGORITHMS } from '@billfold/tokens';
import type { SsoSettingsView } from '../settings-routes.js';
import { SSO_PROVIDERS } from '../sso-settings.js';
import { html, type SafeHtml } from './html.js';
import { checkbox, field, select } from './layout.js';

type IssuerView = SsoSettingsView['issuers'][number];

function issuerRow(issuer: IssuerView | null, index: number): SafeHtml {
  const prefix = `issuers[${index}]`;
  const algorithms = issuer?.algorithms ?? ['ES256'];
  return html`<fieldset class="issuer" data-role="issuer" data-index="${index}">
    <legend>Trusted issuer ${index + 1}</legend>
    ${field({ name: `${prefix}.issuer`, label: 'Issuer URL', value: issuer?.issuer ?? '', testid: `sso-issuer-${index}`, hint: 'The iss of launch tokens, such as https://manage.example.com.' })}
    ${field({ name: `${prefix}.jwks_url`, label: 'JWKS URL', value: issuer?.jwks_url ?? '', testid: `sso-jwks-url-${index}`, hint: 'Where the issuer publishes its public keys. Leave empty to paste keys instead.' })}
    ${field({ name: `${prefix}.jwks`, label: 'Pasted public keys (JWKS or one JWK)', value: issuer?.jwks ?? '', testid: `sso-jwks-${index}`, multiline: true, hint: 'Public keys only: private keys and symmetric (oct) keys are refused.' })}
    <fieldset class="algorithms" aria-describedby="f-issuers-${index}-algorithms-error">
      <legend>Allowed algorithms</legend>
      ${SUPPORTED_ALGORITHMS.map((algorithm) =>
        checkbox({
          name: `${prefix}.algorithms[]`,
          value: algorithm,
          label: algorithm,
          checked: algorithms.includes(algorithm),
          testid: `sso-alg-${index}-${algorithm}`,
        }),
      )}
      <p
        class="error"
        id="f-issuers-${index}-algorithms-error"
        data-error-for="${prefix}.algorithms"
      ></p>
    </fieldset>
    <button type="button" class="link" data-action="remove-issuer">Remove this issuer</button>
  </fieldset>`;
}

/** Renders the Single Sign-On settings form. */
export function ssoSettingsBody(settings: SsoSettingsView): SafeHtml {
  const issuers = settings.issuers.length > 0 ? settings.issuers : [null];
  return html`<p>
      Customers open Payments from the host portal; Billfold signs them in with the provider chosen
      here. Portal origin (the audience of launch tokens):
      <code data-testid="sso-portal-origin">${settings.portal_origin}</code>
    </p>
    <form
      data-api="/api/v1/admin/sso"
      data-method="PUT"
      data-on-success="saved"
      novalidate
      data-testid="sso-form"
    >
      ${checkbox({ name: 'enabled', label: 'Enable single sign-on', checked: settings.enabled, testid: 'sso-enabled' })}
      ${select({ name: 'provider', label: 'Provider', testid: 'sso-provider', choices: SSO_PROVIDERS, selected: settings.provider })}
      <div data-role="callback-only">
        ${field({ name: 'callback_validation_url', label: 'Validation URL (token callback only)', value: settings.callback_validation_url, testid: 'sso-callback-url', hint: 'Billfold posts the one-time token here, server to server.' })}
      </div>
      ${field({ name: 'required_role', label: 'Required Customer Portal role', value: settings.required_role, testid: 'sso-required-role', hint: 'A contact must have this role in the host portal. Default: Billing Admin.' })}
      ${field({ name: 'host_origins', label: 'Linked host origins (one per line)', value: settings.host_origins.join('\n'), testid: 'sso-host-origins', multiline: true, hint: 'Pages allowed to frame the widget, such as https://portal.example.com.' })}
      <p class="error" data-error-for="issuers" id="f-issuers-error"></p>
      <div data-role="issuers">${issuers.map((issuer, index) => issuerRow(issuer, index))}</div>
      <template data-role="issuer-template">${issuerRow(null, 999)}</template>
      <p>
        <button
          type="button"
          class="secondary"
          data-action="add-issuer"
          data-testid="sso-add-issuer"
        >
          Add issuer
        </button>
      </p>
      <p class="status" data-role="status" role="status" aria-live="polite"></p>
      <button type="submit" data-testid="sso-save">Save</button>
    </form>`;
}
